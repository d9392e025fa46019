#!/usr/bin/env bash
# Run the dashboard. The first run installs the pinned packages into .venv and
# builds the demo store (the lake data/workforce); set WORKFORCE_DB to use
# another store (a lake folder, or a .duckdb file). Demo accounts are on unless WORKFORCE_DEMO=0 (see
# docs/access.md). Extra arguments go to `streamlit run`.
set -euo pipefail
cd "$(dirname "$0")"

python=${PYTHON:-$(command -v python3.11 || command -v python3)}
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt

export WORKFORCE_DEMO=${WORKFORCE_DEMO:-1}
exec .venv/bin/streamlit run dashboard.py "$@"
