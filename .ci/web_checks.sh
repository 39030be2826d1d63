#!/usr/bin/env bash
# The dashboard in a real browser and the API against its OpenAPI document, on a live
# `roiledger serve` over the shipped sample ledger. Installs what it needs when missing
# (Debian's chromium and chromium-driver, Selenium, openapi-spec-validator, schemathesis),
# starts the server on a free loopback port and always stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromedriver >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1; then
    echo "web checks: installing chromium and chromium-driver (Debian)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
python3 -c 'import selenium' 2>/dev/null || python3 -m pip install --quiet selenium

bin="$(swift build --show-bin-path)"
roiledger="$bin/roiledger"
[ -x "$roiledger" ] || swift build --product roiledger

work="$(mktemp -d)"
server=""
cleanup() {
    if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

db="$work/ledger.sqlite"
"$roiledger" init --db "$db" >/dev/null
"$roiledger" ingest snapshots/sample-ledger.jsonl --db "$db" >/dev/null 2>&1
token="$("$roiledger" token create --db "$db" --name ci --role read 2>/dev/null)"

"$roiledger" serve --db "$db" --port 0 --public-read >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 1 100); do
    [ -s "$work/serve.out" ] && break
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.err"; echo "web checks: the server did not start"; exit 1; }
    sleep 0.1
done
url="$(head -n 1 "$work/serve.out")"
echo "web checks: serving $url"

mkdir -p "$work/screenshots"
python3 .ci/browser_test.py --url "$url" --roiledger "$roiledger" --db "$db" --screenshots "$work/screenshots"
bash .ci/check_api.sh "$url" "$token"

# SIGTERM stops the server cleanly.
kill -TERM "$server"
wait "$server" && echo "web checks: the server stopped cleanly on SIGTERM" || { echo "web checks: the server did not stop cleanly"; exit 1; }
server=""
