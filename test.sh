#!/usr/bin/env bash
# Install everything the tests need (a virtual environment with the pinned
# packages, Debian's chromium, fonts and poppler-utils) and run the whole suite.
# Extra arguments go to pytest, e.g. ./test.sh -k import
set -euo pipefail
cd "$(dirname "$0")"

python=${PYTHON:-$(command -v python3.11 || command -v python3)}
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# Debian's chromium (browser tests, the digest's charts), DejaVu fonts (the digest's PDF),
# poppler-utils (pdftoppm: the digest's and printed pages as PNG for a person to look at) and
# postgresql (its initdb and pg_ctl: the tests start a throwaway cluster for the store whose
# catalog is in PostgreSQL; no server is left running).
if [ ! -x /usr/bin/chromium ] || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] \
    || ! command -v pdftoppm >/dev/null || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
        chromium fonts-dejavu-core poppler-utils postgresql >/dev/null
fi

# Two workers (pytest-xdist), each taking whole test files, so a file's module fixtures (a server, a
# browser) are built once; -n 0 on the command line runs everything in one process.
# DuckDB's bindings print "nanobind: leaked ..." notices at interpreter exit;
# they are noise after the summary, so they are filtered out (the exit code is pytest's).
.venv/bin/python -m pytest -q -n 2 --dist loadfile "$@" 2>&1 | grep -v -E '^(nanobind: | - leaked | - \.\.\. skipped remainder|See https://nanobind)'
exit "${PIPESTATUS[0]}"
