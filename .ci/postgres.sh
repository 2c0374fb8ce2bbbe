#!/usr/bin/env bash
# Starts a private PostgreSQL cluster for the tests and prints its URL on
# standard output (everything else goes to standard error):
#
#   export TRACKER_TEST_POSTGRES_URL=$(bash .ci/postgres.sh start /tmp/trackerpg)
#   bash .ci/postgres.sh stop /tmp/trackerpg
#
# The cluster lives in DIR (created), listens on a free loopback port and on
# a socket in DIR, and runs as an unprivileged user: PostgreSQL refuses to
# run as root, and CI runs as root, so a dedicated user `trackerpg` is
# created when needed. The Debian package `postgresql` is installed where
# missing. Durability is traded for speed (fsync off): this is a test server.
set -euo pipefail

cmd=${1:-}
dir=${2:-}
if [[ -z $cmd || -z $dir ]]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  if [[ -z $d ]]; then
    echo "postgres: installing the Debian package postgresql" >&2
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql; } >&2
    d=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  fi
  echo "$d"
}

# as runs a command as the cluster's owner (the current user unless root).
as() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u trackerpg -- "$@"
  else
    "$@"
  fi
}

case $cmd in
start)
  bin=$(bindir)
  if [[ $(id -u) -eq 0 ]] && ! id trackerpg >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin trackerpg >&2
  fi
  mkdir -p "$dir"
  [[ $(id -u) -eq 0 ]] && chown trackerpg "$dir"
  chmod 700 "$dir"
  if [[ ! -f $dir/data/PG_VERSION ]]; then
    as "$bin/initdb" -D "$dir/data" -U tracker --auth=trust -E UTF8 --locale=C.UTF-8 >&2
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >&2
  as "$bin/createdb" -h "$dir" -p "$port" -U tracker tracker >&2
  echo "postgres://tracker@127.0.0.1:$port/tracker?sslmode=disable"
  ;;
stop)
  bin=$(bindir)
  if [[ -f $dir/data/postmaster.pid ]]; then
    as "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2
  exit 2
  ;;
esac
