"""The DBT clinician course: content, assessment, storage and the Streamlit pages over them."""
