#!/bin/sh
# Set up (first time) and run the platform on embedded SQLite, seeded with real data. No other service needed.
#   sh scripts/run.sh [--host H] [--port P]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MICROCRED_EXTRAS=""
. "$ROOT/scripts/_venv.sh"
exec "$ROOT/.venv/bin/microcred" serve "$@"
