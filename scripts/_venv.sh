# Shared by scripts/run.sh and scripts/test.sh: create .venv with the pinned dependencies, once per change of
# pyproject.toml. Needs only Python >= 3.11 (python3) on the machine.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-python3}
VENV="$ROOT/.venv"
EXTRAS=${MICROCRED_EXTRAS:-}  # set by the caller: "" or "[dev]" (dot-scripts take no arguments in sh)
STAMP="$VENV/.installed$EXTRAS"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "microcred needs Python >= 3.11")'
  "$PYTHON" -m venv "$VENV"
fi
if [ ! -f "$STAMP" ] || [ "$ROOT/pyproject.toml" -nt "$STAMP" ]; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT$EXTRAS"
  touch "$STAMP"
fi
