#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the tests:
#   bash .ci/postgres.sh start DIR   installs PostgreSQL when missing (Debian), creates a cluster in
#                                    DIR owned by the `postgres` user (the server refuses root),
#                                    starts it on 127.0.0.1 at a free port and prints its URL;
#   bash .ci/postgres.sh stop DIR    stops it and removes DIR.
set -euo pipefail
command="${1:?usage: postgres.sh start|stop DIR}"
dir="${2:?usage: postgres.sh start|stop DIR}"

bindir() {
    local found
    found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$found" ] && [ -x "$found/initdb" ] && echo "$found"
}

as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
start)
    if ! bindir >/dev/null || ! command -v pg_config >/dev/null 2>&1; then
        echo "postgres: installing postgresql and libpq-dev (Debian)" >&2
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql libpq-dev >/dev/null
    fi
    bin="$(bindir)"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    # Durability as shipped (fsync, synchronous_commit on): the tests kill writers mid-batch.
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $dir -c max_connections=60" start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
stop)
    bin="$(bindir)"
    if [ -d "$dir/data" ]; then as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true; fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: postgres.sh start|stop DIR" >&2; exit 2 ;;
esac
