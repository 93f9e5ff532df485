#!/usr/bin/env bash
# One command from a fresh machine to a running greenlane: installs what is missing, builds, makes
# the demo database (kept when it exists) and starts greenlane on it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export GREENLANE_DB="${GREENLANE_DB:-$PWD/demo.db}"
build/greenlane init
