#!/bin/sh
# Set up (first time) and run every check and test: lint, types, architecture contracts, then the whole
# test suite on SQLite and on PostgreSQL.
#   sh scripts/test.sh
# PostgreSQL: TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test). Where no server answers,
# the PostgreSQL pass is reported as skipped — except in CI (CI=true), where it is required.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
MICROCRED_EXTRAS="[dev]"
. "$ROOT/scripts/_venv.sh"
BIN="$ROOT/.venv/bin"
# ctdl-validate declares Python >= 3.12 but runs on 3.11 and has no dependencies; it is only a test tool.
if ! "$BIN/python" -c "import ctdl_validate" 2>/dev/null; then
  "$BIN/python" -m pip install --quiet --disable-pip-version-check --no-deps --ignore-requires-python ctdl-validate==0.2.1
fi

# JavaScript reference implementation for the interop tests (skipped, visibly, where Node.js is absent).
if command -v npm >/dev/null 2>&1 && [ -f interop/package-lock.json ]; then
  if [ ! -d interop/node_modules ] || [ interop/package-lock.json -nt interop/node_modules ]; then
    npm ci --prefix interop --no-audit --no-fund --loglevel=error
    touch interop/node_modules
  fi
fi
# Headless Chromium for the browser tests (Debian's package; skipped, visibly, where it cannot be installed).
if { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; } && [ "$(id -u)" = "0" ] \
    && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
    || echo "warning: could not install chromium; browser tests will be skipped" >&2
fi

echo "== ruff"; "$BIN/ruff" check src tests bench
echo "== mypy (strict on the cores)"; "$BIN/mypy"
echo "== import contracts"; "$BIN/lint-imports"

echo "== tests on SQLite"
"$BIN/pytest" -p no:cacheprovider "$@"

PG_URL=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
if "$BIN/python" - "$PG_URL" <<'PY'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL unreachable: {exc}", file=sys.stderr)
    sys.exit(1)
PY
then
  echo "== tests on PostgreSQL"
  DATABASE_URL="$PG_URL" "$BIN/pytest" -p no:cacheprovider -m "not interop and not browser" "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is required in CI" >&2; exit 1
else
  echo "== tests on PostgreSQL: SKIPPED (no server at $PG_URL)"
fi
