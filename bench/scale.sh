#!/usr/bin/env bash
# Scale bench: a store of DOCS documents with VERSIONS versions each (10 000
# and 50 by default: 500 000 versions), on SQLite and on PostgreSQL, and
# what tracker's lists, pages and idle daemon cost on it.
#
#   bash bench/scale.sh                      # SQLite, then PostgreSQL (started by .ci/postgres.sh)
#   DOCS=1000 bash bench/scale.sh            # a smaller store
#   PG=0 bash bench/scale.sh                 # SQLite only
#   SCALE_DIR=/tmp/scale KEEP=1 bash bench/scale.sh   # keep (and reuse) the stores
#
# genstore writes the versions a few hundred a transaction (store.AddHistory),
# about 1.3 ms of CPU a version: the full store takes about 11 minutes of CPU
# (much longer on a loaded machine); copying it into PostgreSQL (tracker
# migrate) is timed below. Every timing is printed with the load average.
set -euo pipefail
cd "$(dirname "$0")/.."
DOCS=${DOCS:-10000}
VERSIONS=${VERSIONS:-50}
PG=${PG:-1}
dir=${SCALE_DIR:-$(mktemp -d /tmp/tracker-scale.XXXXXX)}
mkdir -p "$dir"
[[ ${KEEP:-0} == 1 ]] || trap 'rm -rf "$dir"' EXIT

go build -o "$dir/tracker" ./cmd/tracker
go build -o "$dir/genstore" ./bench/cmd/genstore
go build -o "$dir/scalebench" ./bench/cmd/scalebench

if [[ ! -f $dir/scale.db ]]; then
  echo "== generating $DOCS documents × $VERSIONS versions into $dir/scale.db"
  uptime
  /usr/bin/time -f "genstore: wall %es, user %Us, sys %Ss, peak RSS %M KiB" \
    "$dir/genstore" --db "$dir/scale.db" --config "$dir/scale.yaml" --docs "$DOCS" --versions "$VERSIONS"
fi
size=$(stat -c %s "$dir/scale.db")
versions=$((DOCS * VERSIONS))
echo "== SQLite: $((size / 1024 / 1024)) MiB, $((size / versions)) bytes per version (everything included: pages, texts, fetches, changes, alerts, indexes)"
"$dir/scalebench" --config "$dir/scale.yaml" --settle
vendors_times() { # the whole process, as a user runs it; the first run fills the configuration cache
  "$dir/tracker" vendors --config "$dir/scale.yaml" "$@" > /dev/null
  for _ in 1 2 3 4 5; do
    echo "load $(cut -d' ' -f1-3 /proc/loadavg): $(/usr/bin/time -f "wall %es, user %Us, sys %Ss, peak RSS %M KiB" \
      "$dir/tracker" vendors --config "$dir/scale.yaml" "$@" 2>&1 > /dev/null)"
  done
}
echo "== tracker vendors on SQLite, whole process"
vendors_times

# idle_daemon LABEL [SERVER_LOG] [tracker flags…]: a daemon over the settled
# store (nothing due before tomorrow): after IDLE_SECONDS (60) past its
# start-up, its peak and current RSS, its CPU over that time, and, given
# the PostgreSQL server's log (statements logged), the statements it sent.
idle_daemon() {
  local label=$1 log=$2
  shift 2
  local secs=${IDLE_SECONDS:-60}
  "$dir/tracker" daemon --config "$dir/scale.yaml" "$@" 2> "$dir/daemon.log" &
  local pid=$!
  sleep 15 # start-up: every document's next crawl computed and stored
  local t0 n0=0 n1=0
  t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  [[ -z $log ]] || n0=$(grep -cE 'LOG:  (statement|execute)' "$log" || true)
  sleep "$secs"
  local t1
  t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  [[ -z $log ]] || n1=$(grep -cE 'LOG:  (statement|execute)' "$log" || true)
  echo "idle daemon on $label over ${secs}s (load $(cut -d' ' -f1-3 /proc/loadavg)):" \
    "$(grep -E 'VmHWM|VmRSS' "/proc/$pid/status" | tr -s ' \n' ' ')," \
    "CPU $(((t1 - t0) * 1000 / $(getconf CLK_TCK))) ms"${log:+", $((n1 - n0)) statements"}
  kill -TERM "$pid"
  wait "$pid" || true
  echo "  crawls logged (want 0): $(grep -ciE 'crawled|claimed' "$dir/daemon.log" || true)"
}
idle_daemon SQLite ""

if [[ $PG == 1 ]]; then
  url=${TRACKER_BENCH_POSTGRES_URL:-}
  if [[ -z $url ]]; then
    url=$(bash .ci/postgres.sh start "$dir/pg")
    trap 'bash .ci/postgres.sh stop "$dir/pg"; [[ ${KEEP:-0} == 1 ]] || rm -rf "$dir"' EXIT
  fi
  echo "== copying into PostgreSQL (tracker migrate) ($(uptime))"
  /usr/bin/time -f "wall %es, user %Us, sys %Ss, peak RSS %M KiB" "$dir/tracker" migrate --config "$dir/scale.yaml" --to "$url"
  "$dir/scalebench" --config "$dir/scale.yaml" --db "$url"
  echo "== tracker vendors on PostgreSQL, whole process"
  vendors_times --db "$url"
  if [[ -z ${TRACKER_BENCH_POSTGRES_URL:-} ]]; then
    # Our own server: log every statement while the daemon idles.
    psql=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)/psql
    "$psql" -q -d "$url" -c "ALTER DATABASE tracker SET log_statement = 'all'"
    idle_daemon PostgreSQL "$dir/pg/server.log" --db "$url"
    "$psql" -q -d "$url" -c "ALTER DATABASE tracker RESET log_statement"
  else
    idle_daemon PostgreSQL "" --db "$url"
  fi
fi
