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
"$dir/scalebench" --config "$dir/scale.yaml"
echo "== tracker vendors on SQLite, whole process, three times ($(uptime))"
for _ in 1 2 3; do
  /usr/bin/time -f "wall %es, user %Us, sys %Ss, peak RSS %M KiB" "$dir/tracker" vendors --config "$dir/scale.yaml" > /dev/null
done

if [[ $PG == 1 ]]; then
  url=${TRACKER_BENCH_POSTGRES_URL:-}
  if [[ -z $url ]]; then
    url=$(bash .ci/postgres.sh start "$dir/pg")
    trap 'bash .ci/postgres.sh stop "$dir/pg"; [[ ${KEEP:-0} == 1 ]] || rm -rf "$dir"' EXIT
  fi
  echo "== copying into PostgreSQL (tracker migrate) ($(uptime))"
  /usr/bin/time -f "wall %es, user %Us, sys %Ss, peak RSS %M KiB" "$dir/tracker" migrate --config "$dir/scale.yaml" --to "$url"
  "$dir/scalebench" --config "$dir/scale.yaml" --db "$url"
  echo "== tracker vendors on PostgreSQL, whole process, three times ($(uptime))"
  for _ in 1 2 3; do
    /usr/bin/time -f "wall %es, user %Us, sys %Ss, peak RSS %M KiB" "$dir/tracker" vendors --config "$dir/scale.yaml" --db "$url" > /dev/null
  done
fi
