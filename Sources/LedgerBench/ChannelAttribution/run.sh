#!/usr/bin/env bash
# Times ChannelAttribution's markov_model (the Python package, from PyPI) on path/count tables
# that roiledger-bench exported: `run.sh VENV TABLE.csv…`. Creates the virtual environment and
# installs the package (it builds a C++ extension) on first use; prints one JSON line per table.
set -euo pipefail
venv="$1"
shift
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import ChannelAttribution' >/dev/null 2>&1; then
    echo "installing ChannelAttribution 2.2.5 into $venv (first run only; it compiles)" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "ChannelAttribution==2.2.5" pandas matplotlib >&2
fi
exec "$venv/bin/python" "$(dirname "$0")/markov_timing.py" "$@"
