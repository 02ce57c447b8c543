"""Browser tests: the real `streamlit run app.py` server driven by Playwright in Chromium."""
