#!/usr/bin/env bash
# Sets up .venv with the app's and the tests' packages, finds Chromium for the browser tests,
# then runs ruff and the whole pytest suite. Extra arguments go to pytest.
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh" requirements.txt requirements-dev.txt

chromium="${DBT_COURSE_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ -z "${DBT_COURSE_CHROMIUM:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium package for the browser tests ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Chromium, and none was found at $chromium." >&2
    echo "Install Debian's package (sudo apt-get install chromium) or set DBT_COURSE_CHROMIUM" >&2
    echo "to a Chromium or Chrome executable; Playwright cannot download its own browser here." >&2
    exit 1
  fi
fi
export DBT_COURSE_CHROMIUM="$chromium"

echo "ruff check, ruff format --check ..."
.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/python -m pytest "$@"
