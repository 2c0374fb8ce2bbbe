#!/usr/bin/env bash
# bench/run.sh -- tracker against urlwatch on the same generated policy site,
# from one command:
#
#   bash bench/run.sh
#
#   1. installs urlwatch and time (/usr/bin/time -v) with apt-get when they
#      are missing, and builds tracker from this repository;
#   2. generates N policy pages with ../shared/bench/gen-site.py and serves
#      them with ../shared/bench/serve.sh on a free 127.0.0.1 port;
#   3. tracker, three passes under /usr/bin/time -v: a (first), b (nothing
#      changed), c (after gen-site.py --mutate 10); wall, CPU, peak RSS,
#      per-document statuses, database size, HTTP 200/304 from the server log;
#   4. urlwatch, the same three passes on the same site, through
#      ../shared/bench/urlwatch.sh N (same seed, same mutations);
#   5. a table and the targets, one PASS/FAIL line each;
#   6. scaling: tracker alone on N2 pages, passes a and b, against N.
#
# Environment:
#   N=500           pages in the comparison run
#   ROUNDS=5        rounds of the whole comparison (and of the scaling run);
#                   the table shows median times and the largest RSS/storage
#   N2=2000         pages in the scaling run; SCALE=0 skips it
#   SEED=1          generator seed (both tools)
#   SHARED=DIR      gen-site.py, serve.sh, urlwatch.sh (default ../shared/bench
#                   next to the repository)
#   TRACKER=PATH    use this tracker binary instead of building one
#   RESULTS=DIR     copy the summary, tracker outputs and urlwatch results
#                   there (default bench/out; RESULTS= to skip)
#   BENCH_STRICT=0  exit 0 even when a target fails
#   KEEP=1          keep the temp work dir (sites, databases) and print it
#   HOST_PARALLELISM=4  host_parallelism in tracker's configuration: the
#                   site is one host standing in for N vendors' hosts, which
#                   tracker would fetch several at a time; without it tracker
#                   fetches this one host a page at a time. Not more than 4:
#                   python's http.server queues 5 connections, and beyond
#                   that connections are dropped and retried a second later
#                   (500 plain GETs: 0.5 s at 1-4 at once, 1.1 s at 8)
#   PROFILE=1       also crawl in-process under runtime/pprof (bench/cmd/profile)
#                   and write `go tool pprof -top` reports into the results
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$REPO/../shared/bench}
N=${N:-500}
N2=${N2:-2000}
SCALE=${SCALE:-1}
ROUNDS=${ROUNDS:-5}
BAD_A2=""
SEED=${SEED:-1}
MUTATE=10
RESULTS=${RESULTS-$HERE/out}
BENCH_STRICT=${BENCH_STRICT:-1}
KEEP=${KEEP:-0}

die() { echo "bench: $*" >&2; exit 1; }
for v in N N2; do
  [[ ${!v} =~ ^[0-9]+$ ]] && [ "${!v}" -ge "$MUTATE" ] && [ "${!v}" -le 2000 ] \
    || die "$v=${!v}: must be a whole number from $MUTATE to 2000"
done
[[ $ROUNDS =~ ^[0-9]+$ ]] && [ "$ROUNDS" -ge 1 ] && [ "$ROUNDS" -le 9 ] || die "ROUNDS=$ROUNDS: must be 1 to 9"
for f in gen-site.py serve.sh urlwatch.sh; do
  [ -x "$SHARED/$f" ] || die "$SHARED/$f not found (set SHARED=DIR)"
done
SHARED=$(cd "$SHARED" && pwd)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tracker-bench.XXXXXX")
SERVER_PID=""

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}

cleanup() {
  local rc=$?
  stop_server
  if [ -n "$RESULTS" ] && [ -d "$WORK/out" ]; then
    mkdir -p "$RESULTS"
    cp -r "$WORK/out/." "$RESULTS/" 2>/dev/null || true
    echo "bench: results in $RESULTS" >&2
  fi
  if [ "$KEEP" = 1 ]; then
    echo "bench: kept $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

OUT=$WORK/out
mkdir -p "$OUT"
say() { echo "$@" | tee -a "$OUT/summary.txt"; }

# --- 1. tools -----------------------------------------------------------------

if ! command -v urlwatch >/dev/null || [ ! -x /usr/bin/time ]; then
  echo "bench: installing urlwatch and time with apt-get" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq urlwatch time >/dev/null
fi
command -v urlwatch >/dev/null || die "urlwatch is still missing after apt-get"
[ -x /usr/bin/time ] || die "/usr/bin/time is still missing after apt-get"

if [ -n "${TRACKER:-}" ]; then
  [ -x "$TRACKER" ] || die "TRACKER=$TRACKER is not an executable"
else
  command -v go >/dev/null || die "go not found in PATH"
  TRACKER=$WORK/bin/tracker
  (cd "$REPO" && go build -o "$TRACKER" ./cmd/tracker) || die "go build ./cmd/tracker failed"
fi
FLOOR=$WORK/bin/floor
(cd "$REPO" && go build -o "$FLOOR" ./bench/cmd/floor) || die "go build ./bench/cmd/floor failed"

# --- helpers --------------------------------------------------------------------

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# serve DIR LOG: start serve.sh on a free loopback port; sets PORT, SERVER_PID.
serve() {
  local dir=$1 log=$2 ready=0
  PORT=$(free_port)
  "$SHARED/serve.sh" "$dir" "$PORT" >/dev/null 2>"$log" &
  SERVER_PID=$!
  for _ in $(seq 1 100); do   # at most ~10 s
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
         "http://127.0.0.1:$PORT/robots.txt" 2>/dev/null; then
      ready=1
      break
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  [ "$ready" = 1 ] || { cat "$log" >&2; die "server did not come up on 127.0.0.1:$PORT"; }
  # tracker honours robots.txt by default: the site must allow every page.
  python3 - "http://127.0.0.1:$PORT" "$dir/manifest.json" <<'EOF' || die "robots.txt of the site disallows pages"
import json, sys, urllib.robotparser
base, manifest = sys.argv[1], json.load(open(sys.argv[2]))
rp = urllib.robotparser.RobotFileParser(base + "/robots.txt")
rp.read()
blocked = [d["path"] for d in manifest["documents"] if not rp.can_fetch("tracker", f"{base}/{d['path']}")]
if blocked:
    sys.exit(f"bench: robots.txt blocks {len(blocked)} pages, e.g. {blocked[0]}")
EOF
}

# write_config SITE PORT DB CFG: one vendor per document of the manifest.
write_config() {
  python3 - "$1/manifest.json" "$2" "$3" "${HOST_PARALLELISM:-4}" > "$4" <<'EOF'
import json, sys
manifest, port, db, hp = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3], sys.argv[4]
q = json.dumps  # a JSON string is a valid YAML double-quoted scalar
print(f"database: {q(db)}")
print("host_delay: 0s")
if hp:
    print(f"host_parallelism: {int(hp)}")
print("vendors:")
for d in manifest["documents"]:
    print(f"  - id: {q(d['id'])}")
    print(f"    name: {q(d['vendor_name'])}")
    print("    documents:")
    print("      - type: privacy")
    print(f"        url: {q(f'http://127.0.0.1:{port}/' + d['path'])}")
EOF
}

db_bytes() {   # DB: bytes of the database with its -wal and -shm files
  local total=0 f
  for f in "$1" "$1-wal" "$1-shm" "$1-journal"; do
    [ -f "$f" ] && total=$((total + $(stat -c %s "$f")))
  done
  echo "$total"
}

mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

# Results of tracker passes, keyed by pass label (a, b, c, a2, b2).
declare -A T_WALL T_CPU T_RSS T_DB T_RC T_H200 T_H304 T_COUNTS

# tracker_pass LABEL CFG DB LOG N: one crawl under time -v.
tracker_pass() {
  local label=$1 cfg=$2 db=$3 log=$4 n=$5 before rc=0 wall
  before=$(wc -l < "$log")
  /usr/bin/time -v -o "$OUT/tracker-$label.time" \
    "$TRACKER" crawl --config "$cfg" > "$OUT/tracker-$label.out" 2> "$OUT/tracker-$label.err" || rc=$?
  T_RC[$label]=$rc
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $NF }' "$OUT/tracker-$label.time")
  T_WALL[$label]=$(awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }' <<< "$wall")
  T_CPU[$label]=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$OUT/tracker-$label.time")
  T_RSS[$label]=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$OUT/tracker-$label.time")
  T_DB[$label]=$(db_bytes "$db")
  # One line per document: `vendor/type  status  details`.
  awk '$1 ~ /^[a-z0-9][a-z0-9._-]*\/[a-z]+$/ { print $1, $2 }' "$OUT/tracker-$label.out" > "$OUT/tracker-$label.status"
  local s counts=""
  for s in new changed unchanged not-modified error; do
    counts+="$(awk -v s="$s" '$2 == s' "$OUT/tracker-$label.status" | wc -l) "
  done
  T_COUNTS[$label]=$counts
  T_H200[$label]=$(tail -n +"$((before + 1))" "$log" | grep -c '" 200 ' || true)
  T_H304[$label]=$(tail -n +"$((before + 1))" "$log" | grep -c '" 304 ' || true)
  local c_new c_changed c_unch c_nm c_err reported
  read -r c_new c_changed c_unch c_nm c_err <<< "$counts"
  reported=$(wc -l < "$OUT/tracker-$label.status")
  say "$(printf 'tracker pass %-2s N=%-4d wall=%6.2fs cpu=%6.2fs maxrss=%5.1fMiB db=%6.2fMiB new=%d changed=%d unchanged=%d not-modified=%d error=%d lines=%d http200=%d http304=%d rc=%d' \
    "$label" "$n" "${T_WALL[$label]}" "${T_CPU[$label]}" "${T_RSS[$label]}" "$(mib "${T_DB[$label]}")" \
    "$c_new" "$c_changed" "$c_unch" "$c_nm" "$c_err" "$reported" "${T_H200[$label]}" "${T_H304[$label]}" "$rc")"
  if [ -s "$OUT/tracker-$label.err" ]; then
    say "  tracker pass $label stderr ($(wc -l < "$OUT/tracker-$label.err") lines): $(head -c 300 "$OUT/tracker-$label.err" | tr '\n' ' ')"
  fi
}

count() {   # LABEL STATUS: documents tracker reported with that status
  local label=$1 i=0 s c
  for s in new changed unchanged not-modified error; do
    if [ "$s" = "$2" ]; then
      read -ra c <<< "${T_COUNTS[$label]}"
      echo "${c[$i]}"
      return
    fi
    i=$((i + 1))
  done
  echo 0
}

# server_alone LABEL SITE: the test server's own pace, the floor under a
# pass: every page fetched by a plain Go client, as many at once as tracker
# fetches, as GETs (S_WALL[aLABEL]) then conditional GETs answered 304
# (S_WALL[bLABEL]); LABEL is .ROUND for N pages, 2.ROUND for N2.
declare -A S_WALL
server_alone() {
  local base="http://127.0.0.1:$PORT" hp=${HOST_PARALLELISM:-4}
  S_WALL[a$1]=$("$FLOOR" --manifest "$2/manifest.json" --base "$base" --parallel "$hp") || die "floor failed"
  S_WALL[b$1]=$("$FLOOR" --manifest "$2/manifest.json" --base "$base" --parallel "$hp" --conditional) || die "floor failed"
  say "$(printf 'server alone, same pages: GETs=%6.2fs conditional GETs=%6.2fs' "${S_WALL[a$1]}" "${S_WALL[b$1]}")"
}

say "bench $(date -u +%Y-%m-%dT%H:%M:%SZ) host=$(uname -n) nproc=$(nproc) $(go version 2>/dev/null | awk '{ print $3 }') urlwatch=$(urlwatch --version 2>/dev/null | awk '{ print $2 }') N=$N N2=$N2 seed=$SEED mutate=$MUTATE"

# --- 2-3. tracker on N pages ---------------------------------------------------------

# Rounds interleave tracker and urlwatch, so that a burst of load from
# elsewhere on the machine hits both; the table shows medians.
changed_check() {   # MANIFEST STATUS_FILE: did pass c report exactly the mutated ids?
  python3 - "$1" "$2" <<'EOF'
import json, sys
expected = set(json.load(open(sys.argv[1]))["mutated_ids"])
changed = set()
for line in open(sys.argv[2]):
    key, status = line.split()
    if status == "changed":
        changed.add(key.split("/")[0])
if changed == expected:
    print(f"PASS {len(changed)} changed, exactly the mutated ids")
else:
    print(f"FAIL expected {len(expected)}, got {len(changed)}: "
          f"missed={sorted(expected - changed)} extra={sorted(changed - expected)}")
EOF
}

declare -A U_WALL U_RSS U_CACHE
BAD_A="" BAD_B="" BAD_C=""
SITE=$WORK/site
"$SHARED/gen-site.py" "$SITE" "$N" --seed "$SEED" -q
serve "$SITE" "$WORK/server.log"
for r in $(seq 1 "$ROUNDS"); do
  say "--- round $r of $ROUNDS"
  # Every round starts from the unmutated site and an empty database.
  "$SHARED/gen-site.py" "$SITE" "$N" --seed "$SEED" -q
  rm -rf "$WORK/tracker"
  mkdir -p "$WORK/tracker"
  write_config "$SITE" "$PORT" "$WORK/tracker/tracker.db" "$WORK/tracker/tracker.yaml"
  tracker_pass "a.$r" "$WORK/tracker/tracker.yaml" "$WORK/tracker/tracker.db" "$WORK/server.log" "$N"
  tracker_pass "b.$r" "$WORK/tracker/tracker.yaml" "$WORK/tracker/tracker.db" "$WORK/server.log" "$N"
  server_alone ".$r" "$SITE"
  # gen-site.py moves a rewritten page's mtime at least 1 s forward, so its
  # new Last-Modified is always later than the one tracker stored.
  "$SHARED/gen-site.py" "$SITE" "$N" --seed "$SEED" --mutate "$MUTATE" -q
  tracker_pass "c.$r" "$WORK/tracker/tracker.yaml" "$WORK/tracker/tracker.db" "$WORK/server.log" "$N"
  verdict=$(changed_check "$SITE/manifest.json" "$OUT/tracker-c.$r.status")
  say "tracker round $r check c: $verdict"
  [ "${verdict%% *}" = PASS ] || BAD_C+="round $r: ${verdict#* }; "
  [ "$(count "a.$r" new)" = "$N" ] || BAD_A+="round $r: new=$(count "a.$r" new) error=$(count "a.$r" error); "
  [ "$(( $(count "b.$r" new) + $(count "b.$r" changed) + $(count "b.$r" error) ))" = 0 ] \
    || BAD_B+="round $r: new=$(count "b.$r" new) changed=$(count "b.$r" changed) error=$(count "b.$r" error); "

  # urlwatch: the same passes on its own copy of the same site.
  uw_rc=0
  SEED=$SEED MUTATE=$MUTATE RESULTS=$OUT/urlwatch-results-$r KEEP=0 \
    "$SHARED/urlwatch.sh" "$N" > "$OUT/urlwatch-$r.txt" 2> "$OUT/urlwatch-$r.err" || uw_rc=$?
  while read -r label wall rss cache; do
    U_WALL[$label.$r]=$wall U_RSS[$label.$r]=$rss U_CACHE[$label.$r]=$cache
  done < <(sed -nE 's/^pass ([abc]) .* wall= *([0-9.]+)s .* maxrss= *([0-9.]+)MiB cache= *([0-9.]+)MiB .*/\1 \2 \3 \4/p' "$OUT/urlwatch-$r.txt")
  sed 's/^/urlwatch: /' "$OUT/urlwatch-$r.txt" | tee -a "$OUT/summary.txt"
  for p in a b c; do
    [ -n "${U_WALL[$p.$r]:-}" ] || { cat "$OUT/urlwatch-$r.err" >&2; die "urlwatch.sh printed no summary for pass $p (exit $uw_rc)"; }
  done
done
cp "$WORK/tracker/tracker.yaml" "$OUT/tracker.yaml"

# PROFILE=1: the same crawl in-process under runtime/pprof, on a fresh
# database (a first pass, then an unchanged pass), hot spots into OUT.
if [ "${PROFILE:-0}" = 1 ]; then
  mkdir -p "$WORK/profile"
  (cd "$REPO" && go build -o "$WORK/profile/profile" ./bench/cmd/profile) || die "go build ./bench/cmd/profile failed"
  write_config "$SITE" "$PORT" "$WORK/profile/tracker.db" "$WORK/profile/tracker.yaml"
  for p in a b; do
    "$WORK/profile/profile" --config "$WORK/profile/tracker.yaml" --cpuprofile "$OUT/cpu-$p.prof" \
      --memprofile "$OUT/mem-$p.prof" --blockprofile "$OUT/block-$p.prof" | tee -a "$OUT/summary.txt"
    go tool pprof -top -nodecount=30 "$WORK/profile/profile" "$OUT/cpu-$p.prof" > "$OUT/cpu-$p.top" 2>/dev/null || true
    go tool pprof -top -cum -nodecount=60 "$WORK/profile/profile" "$OUT/cpu-$p.prof" > "$OUT/cpu-$p.cum" 2>/dev/null || true
    go tool pprof -top -sample_index=alloc_space -nodecount=25 "$WORK/profile/profile" "$OUT/mem-$p.prof" > "$OUT/mem-$p.top" 2>/dev/null || true
    go tool pprof -top -cum -nodecount=60 "$WORK/profile/profile" "$OUT/block-$p.prof" > "$OUT/block-$p.cum" 2>/dev/null || true
  done
  say "profiles: cpu-a.top cpu-a.cum mem-a.top block-a.cum (first pass), the same with -b (unchanged pass) in the results"
fi
stop_server

# --- 6. scaling: tracker alone on N2 pages ----------------------------------------------

if [ "$SCALE" != 0 ]; then
  SITE2=$WORK/site2
  "$SHARED/gen-site.py" "$SITE2" "$N2" --seed "$SEED" -q
  serve "$SITE2" "$WORK/server2.log"
  for r in $(seq 1 "$ROUNDS"); do
    rm -rf "$WORK/tracker2"
    mkdir -p "$WORK/tracker2"
    write_config "$SITE2" "$PORT" "$WORK/tracker2/tracker.db" "$WORK/tracker2/tracker.yaml"
    tracker_pass "a2.$r" "$WORK/tracker2/tracker.yaml" "$WORK/tracker2/tracker.db" "$WORK/server2.log" "$N2"
    tracker_pass "b2.$r" "$WORK/tracker2/tracker.yaml" "$WORK/tracker2/tracker.db" "$WORK/server2.log" "$N2"
    server_alone "2.$r" "$SITE2"
    [ "$(count "a2.$r" new)" = "$N2" ] || BAD_A2+="round $r: new=$(count "a2.$r" new) error=$(count "a2.$r" error); "
  done
  stop_server
fi

# Medians of wall and CPU time, the largest RSS and storage over the rounds.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
largest() { sort -g | tail -1; }
over_rounds() {   # ARRAY LABEL REDUCER
  local -n arr=$1
  local r
  for r in $(seq 1 "$ROUNDS"); do echo "${arr[$2.$r]}"; done | "$3"
}
labels="a b c"
[ "$SCALE" != 0 ] && labels+=" a2 b2"
for p in $labels; do
  T_WALL[$p]=$(over_rounds T_WALL "$p" median)
  T_CPU[$p]=$(over_rounds T_CPU "$p" median)
  T_RSS[$p]=$(over_rounds T_RSS "$p" largest)
  T_DB[$p]=$(over_rounds T_DB "$p" largest)
done
for p in a b; do
  S_WALL[$p]=$(over_rounds S_WALL "$p" median)
  [ "$SCALE" != 0 ] && S_WALL[${p}2]=$(over_rounds S_WALL "${p}2" median)
done
for p in a b c; do
  U_WALL[$p]=$(over_rounds U_WALL "$p" median)
  U_RSS[$p]=$(over_rounds U_RSS "$p" largest)
  U_CACHE[$p]=$(over_rounds U_CACHE "$p" largest)
done

# --- 5. table and targets ------------------------------------------------------------

ratio() { awk -v t="$1" -v u="$2" 'BEGIN { if (u > 0) printf "%.2f", t / u; else print "inf" }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }

say ""
say "medians of $ROUNDS round(s) for times; the largest value for RSS and storage"
say "$(printf '%-18s | %12s | %13s | %5s | %11s | %12s | %10s | %14s' \
  pass "tracker wall" "urlwatch wall" ratio "tracker RSS" "urlwatch RSS" "tracker db" "urlwatch cache")"
say "$(printf -- '-------------------+--------------+---------------+-------+-------------+--------------+------------+---------------')"
for p in a b c; do
  case $p in a) name="a first" ;; b) name="b unchanged" ;; c) name="c mutated" ;; esac
  say "$(printf '%-18s | %11.2fs | %12.2fs | %5s | %7.1f MiB | %8.1f MiB | %6.1f MiB | %10.1f MiB' \
    "$name" "${T_WALL[$p]}" "${U_WALL[$p]}" "$(ratio "${T_WALL[$p]}" "${U_WALL[$p]}")" \
    "${T_RSS[$p]}" "${U_RSS[$p]}" "$(mib "${T_DB[$p]}")" "${U_CACHE[$p]}")"
done
if [ "$SCALE" != 0 ]; then
  for p in a b; do
    case $p in a) name="a first" ;; b) name="b unchanged" ;; esac
    say "$(printf '%-18s | %11.2fs | %13s | %5s | %7.1f MiB | %12s | %6.1f MiB | %14s' \
      "$name N=$N2" "${T_WALL[${p}2]}" - - "${T_RSS[${p}2]}" - "$(mib "${T_DB[${p}2]}")" -)"
  done
fi
say ""
say "the test server alone (a plain client, ${HOST_PARALLELISM:-4} requests at once), medians:"
say "  N=$N: GETs ${S_WALL[a]}s, conditional GETs (304) ${S_WALL[b]}s"
if [ "$SCALE" != 0 ]; then
  say "  N=$N2: GETs ${S_WALL[a2]}s (x$(ratio "${S_WALL[a2]}" "${S_WALL[a]}")), conditional GETs (304) ${S_WALL[b2]}s (x$(ratio "${S_WALL[b2]}" "${S_WALL[b]}"))"
fi
say ""

FAILS=0
check() {   # OK(0|1) DESCRIPTION
  if [ "$1" = 0 ]; then
    say "PASS  $2"
  else
    say "FAIL  $2"
    FAILS=$((FAILS + 1))
  fi
}
ok() { if "$@"; then echo 0; else echo 1; fi; }

for p in a b; do
  case $p in a) name="first pass" ;; b) name="unchanged pass" ;; esac
  check "$(ok le "${T_WALL[$p]}" "$(awk -v u="${U_WALL[$p]}" 'BEGIN { print u / 2 }')")" \
    "tracker $name takes at most half of urlwatch's time: ${T_WALL[$p]}s vs ${U_WALL[$p]}s (ratio $(ratio "${T_WALL[$p]}" "${U_WALL[$p]}"), target <= 0.50)"
done
max_rss=$(printf '%s\n' "${T_RSS[a]}" "${T_RSS[b]}" "${T_RSS[c]}" | sort -g | tail -1)
check "$(ok le "$max_rss" 64)" "tracker peak RSS over passes a-c: $max_rss MiB (target <= 64 MiB)"
max_db=$(printf '%s\n' "${T_DB[a]}" "${T_DB[b]}" "${T_DB[c]}" | sort -g | tail -1)
# The target is 10 MB for 500 documents; other N scale it linearly.
db_limit=$((10000000 * N / 500))
check "$(ok le "$max_db" "$db_limit")" "tracker database after passes a-c: $max_db bytes for N=$N (target <= $db_limit bytes, 10 MB per 500 documents)"
check "$(ok [ -z "$BAD_C" ])" "pass c reports exactly the $MUTATE mutated documents as changed, in all $ROUNDS rounds${BAD_C:+: $BAD_C}"
check "$(ok [ -z "$BAD_A" ])" "pass a reports all $N documents new, in all $ROUNDS rounds${BAD_A:+: $BAD_A}"
check "$(ok [ -z "$BAD_B" ])" "pass b reports nothing new, changed or failed, in all $ROUNDS rounds${BAD_B:+: $BAD_B}"
if [ "$SCALE" != 0 ]; then
  factor=$(awk -v a="$N2" -v b="$N" 'BEGIN { print a / b }')
  for p in a b; do
    case $p in a) name="first pass" ;; b) name="unchanged pass" ;; esac
    check "$(ok le "${T_WALL[${p}2]}" "$(awk -v t="${T_WALL[$p]}" -v f="$factor" 'BEGIN { print t * f }')")" \
      "scaling, $name: N=$N2 takes ${T_WALL[${p}2]}s, N=$N ${T_WALL[$p]}s (x$(ratio "${T_WALL[${p}2]}" "${T_WALL[$p]}"), target <= x$factor)"
  done
  check "$(ok le "${T_DB[b2]}" "$(awk -v d="${T_DB[b]}" -v f="$factor" 'BEGIN { printf "%d", d * f }')")" \
    "scaling, database: N=$N2 ${T_DB[b2]} bytes, N=$N ${T_DB[b]} bytes after pass b (x$(ratio "${T_DB[b2]}" "${T_DB[b]}"), target <= x$factor)"
  check "$(ok [ -z "$BAD_A2" ])" "scaling, pass a reports all $N2 documents new, in all $ROUNDS rounds${BAD_A2:+: $BAD_A2}"
fi

say ""
if [ "$FAILS" -gt 0 ]; then
  say "bench: $FAILS target(s) failed"
  [ "$BENCH_STRICT" = 0 ] && exit 0
  exit 1
fi
say "bench: all targets met"
