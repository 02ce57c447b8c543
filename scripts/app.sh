#!/usr/bin/env bash
# Sets up .venv and runs the course app on the SQLite database under progress/.
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh" requirements.txt
mkdir -p progress
exec .venv/bin/python -m streamlit run app.py "$@"
