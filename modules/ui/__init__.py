"""The Streamlit screens by who uses them; with app.py, the only code that imports streamlit."""
