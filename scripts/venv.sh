# Sourced by app.sh and test.sh: makes .venv (Python 3.11+) and installs the requirement files
# given as arguments, again only when one of them changed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "This course needs Python 3.11 or newer as '$PYTHON' (set PYTHON=/path/to/python3.11)." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv || {
    echo "Could not create .venv: on Debian or Ubuntu install the venv module (apt-get install python3-venv)." >&2
    exit 1
  }
fi
stamp=".venv/.installed-$(cat "$@" | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "Installing Python packages from $* ..."
  args=()
  for file in "$@"; do args+=(-r "$file"); done
  .venv/bin/python -m pip install --disable-pip-version-check --quiet "${args[@]}"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
