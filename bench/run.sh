#!/usr/bin/env bash
# The benchmark harness: one run measures our runtime (and the agent in local mode) against unbound,
# dnsdist and dnsmasq on loopback, against the same upstream, with the same dnsperf query files.
#
#   bench/run.sh [--no-build] [--duration SECONDS] [--rounds N] [--rss-names N]
#
# Prints a Markdown table per workload, writes bench/results/<timestamp>.json (+ latest.json) and
# bench/results/latest.png. Only same-run ratios mean anything: figures swing ±20% between runs.
# BENCH_ONLY="runtime unbound" bench/run.sh measures only those (its results stay under their
# timestamp; latest.* is only ever a run of every contender).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export DEBIAN_FRONTEND=noninteractive

DURATION=6        # seconds per dnsperf round: 3 x 6 s keeps the whole run near 7 minutes
ROUNDS=3          # rounds per workload per contender; the table shows medians
RSS_NAMES=1000000 # distinct names for our runtime's memory-growth check (RSS after 1/10 and all)
BUILD=1
while (($#)); do
  case $1 in
    --no-build) BUILD=0 ;;
    --duration) DURATION=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --rss-names) RSS_NAMES=$2; shift ;;
    *) echo "usage: bench/run.sh [--no-build] [--duration S] [--rounds N] [--rss-names N]" >&2; exit 2 ;;
  esac
  shift
done

# dnsperf as the benchmark's targets fix it: 8 clients, 200 outstanding. Every contender gets the same.
DNSPERF_ARGS=(-s 127.0.0.1 -c 8 -q 200 -t 2)
UPSTREAM_PORT=5399
CONTENDERS=(${BENCH_ONLY:-runtime agent unbound dnsdist dnsmasq})
declare -A PORT=([runtime]=5301 [agent]=5302 [unbound]=5303 [dnsdist]=5304 [dnsmasq]=5305)
CLUSTER_NAMES=1000   # svc<i>.ns<j>.svc.cluster.local, i<100, j<10
EXTERNAL_NAMES=10000 # www<k>.example.: all of them prefill the cache to its 10,000 entries
POD_EXTERNALS=500    # external names in workload 2 (x4 queries each with the search path)
TICKS=$(getconf CLK_TCK)

log() { echo "bench: $*" >&2; }

# --- machine setup -------------------------------------------------------------------------------

install_packages() {
  local missing=() p
  for p in dnsperf unbound dnsdist dnsmasq-base gnuplot-nox jq; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

# A JDK 21 or newer, found as .ci/run finds it.
find_jdk() {
  java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
  if ! command -v java >/dev/null || (($(java_major java) < 21)); then
    local jdk
    for jdk in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
      if [[ -x $jdk/bin/javac ]] && (($(java_major "$jdk/bin/java") >= 21)); then
        export JAVA_HOME=$jdk PATH=$jdk/bin:$PATH
        break
      fi
    done
  fi
  (($(java_major java) >= 21)) || { log "no JDK 21+ found (PATH or /usr/lib/jvm)"; exit 1; }
  log "using $(java -version 2>&1 | head -1)"
}

build_jars() {
  if ((BUILD)) && ! [[ -f runtime/target/node-local-dns-runtime.jar && -f modes/target/node-local-dns-agent.jar ]]; then
    log "building the jars"
    ./mvnw -B -q package -DskipTests
  fi
  [[ -f runtime/target/node-local-dns-runtime.jar && -f modes/target/node-local-dns-agent.jar ]] ||
    { log "jars missing: run without --no-build"; exit 1; }
}

# --- processes: every one we start is recorded by PID and stopped on exit ------------------------

TMP=$(mktemp -d /tmp/nld-bench.XXXXXX)
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in {1..50}; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$TMP"
}
trap cleanup EXIT

# start NAME CMD...: runs CMD in the background (exec, so the PID is the server itself).
start() {
  local name=$1; shift
  ("$@" >"$TMP/$name.log" 2>&1) &
  PIDS+=($!)
  SERVER_PID=$!
}

stop() {
  local pid=$1
  kill "$pid" 2>/dev/null || true
  for _ in {1..100}; do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

# Waits until the server answers a cluster name over UDP (dnsperf's own probe: one query).
wait_ready() {
  local name=$1 port=$2 pid=$3
  for _ in {1..150}; do
    kill -0 "$pid" 2>/dev/null || { log "$name died:"; tail -20 "$TMP/$name.log" >&2; exit 1; }
    if echo "svc0.ns0.svc.cluster.local A" | dnsperf -s 127.0.0.1 -p "$port" -t 1 2>/dev/null |
      grep -q "Queries completed: *1 "; then return 0; fi
    sleep 0.2
  done
  log "$name not answering on $port"; tail -20 "$TMP/$name.log" >&2; exit 1
}

render() { # render TEMPLATE OUT PORT: fills the @...@ placeholders of bench/conf/TEMPLATE
  sed -e "s|@PORT@|$3|g" -e "s|@UPSTREAM_PORT@|$UPSTREAM_PORT|g" -e "s|@DIR@|$TMP|g" \
    -e "s|@METRICS_PORT@|$(($3 + 4000))|g" -e "s|@HEALTH_PORT@|$(($3 + 5000))|g" \
    "$ROOT/bench/conf/$1" >"$2"
}

# The upstream's records: 1,000 cluster names and 10,000 external names (A records, 1 h TTL; the
# contenders cap at 30 s, as the node-cache Corefile does). Everything else is NXDOMAIN.
start_upstream() {
  {
    local i j k
    for ((j = 0; j < 10; j++)); do for ((i = 0; i < 100; i++)); do
      echo "local-data: \"svc$i.ns$j.svc.cluster.local. 3600 IN A 10.96.$j.$i\""
    done; done
    for ((k = 0; k < EXTERNAL_NAMES; k++)); do
      echo "local-data: \"www$k.example. 3600 IN A 192.0.$((k / 250)).$((k % 250))\""
    done
  } >"$TMP/records.conf"
  render upstream-unbound.conf "$TMP/upstream.conf" "$UPSTREAM_PORT"
  start upstream unbound -d -c "$TMP/upstream.conf"
  UPSTREAM_PID=$SERVER_PID
  wait_ready upstream "$UPSTREAM_PORT" "$UPSTREAM_PID"
}

# --- contenders: each start_<name> leaves SERVER_PID serving on ${PORT[name]} ----------------------

start_runtime() {
  render runtime.Corefile "$TMP/runtime.Corefile" "${PORT[runtime]}"
  start runtime java @"$ROOT/jvm.options" -jar "$ROOT/runtime/target/node-local-dns-runtime.jar" -conf "$TMP/runtime.Corefile"
}

start_agent() {
  render agent.Corefile.base "$TMP/agent.Corefile.base" "${PORT[agent]}"
  KUBE_DNS_UPSTREAM_SERVICE_HOST=127.0.0.1 start agent java @"$ROOT/jvm.options" \
    -jar "$ROOT/modes/target/node-local-dns-agent.jar" --mode local \
    -basecorefile "$TMP/agent.Corefile.base" -conf "$TMP/agent.Corefile" -kubednscm /nonexistent
}

start_unbound() {
  render unbound.conf "$TMP/unbound.conf" "${PORT[unbound]}"
  start unbound unbound -d -c "$TMP/unbound.conf"
}

start_dnsdist() {
  render dnsdist.conf "$TMP/dnsdist.conf" "${PORT[dnsdist]}"
  start dnsdist dnsdist --supervised --disable-syslog -C "$TMP/dnsdist.conf"
}

# dnsmasq cannot send one zone over TCP: every name goes over UDP. --dns-forward-max raised from
# 150 so 200 outstanding misses are not dropped by its own limit.
start_dnsmasq() {
  start dnsmasq dnsmasq -k --no-resolv --no-hosts --bind-interfaces --listen-address=127.0.0.1 \
    --port="${PORT[dnsmasq]}" --server="127.0.0.1#$UPSTREAM_PORT" --cache-size=10000 \
    --max-cache-ttl=30 --dns-forward-max=1000 --pid-file= --user=root --group=root
}

# --- query files -----------------------------------------------------------------------------------

make_query_files() {
  local i j k ns
  for ((j = 0; j < 10; j++)); do for ((i = 0; i < 100; i++)); do
    echo "svc$i.ns$j.svc.cluster.local A"
  done; done >"$TMP/w1-hits.txt"
  for ((k = 0; k < EXTERNAL_NAMES; k++)); do echo "www$k.example A"; done >"$TMP/prefill.txt"
  # Workload 2: what a pod with ndots:5 sends for an external name (three NXDOMAINs, then the
  # name), interleaved with two cluster names per external name.
  for ((k = 0; k < POD_EXTERNALS; k++)); do
    ns=ns$((k % 10))
    echo "www$k.example.$ns.svc.cluster.local A"
    echo "www$k.example.svc.cluster.local A"
    echo "www$k.example.cluster.local A"
    echo "www$k.example A"
    echo "svc$((k % 100)).ns$((k % 10)).svc.cluster.local A"
    echo "svc$(((k + 50) % 100)).$ns.svc.cluster.local A"
  done >"$TMP/w2-pod.txt"
}

# Workload 3: names never asked before (per contender and round), so each one goes upstream.
miss_file() { # miss_file TAG COUNT
  seq 1 "$2" | awk -v t="$1" '{ print "m" $1 "." t ".miss.example A" }' >"$TMP/miss-$1.txt"
  echo "$TMP/miss-$1.txt"
}

# --- measuring -------------------------------------------------------------------------------------

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
vm_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; } # vm_kb PID VmHWM|VmRSS

# One dnsperf pass over FILE (-n 1), for warming and filling; quiet.
one_pass() { dnsperf "${DNSPERF_ARGS[@]}" -p "$1" -d "$2" -n 1 -l 120 >/dev/null 2>&1 || true; }

# measure CONTENDER PID WORKLOAD ROUND FILE: one timed dnsperf round, appended to results.jsonl.
# -v prints every query's latency: dnsperf 2.10 has no percentile output, so p99 comes from those.
measure() {
  local name=$1 pid=$2 workload=$3 round=$4 file=$5 out=$TMP/dnsperf.out
  local cpu0 cpu1
  cpu0=$(cpu_ticks "$pid")
  dnsperf "${DNSPERF_ARGS[@]}" -p "${PORT[$name]}" -d "$file" -l "$DURATION" -v >"$out" 2>&1 || true
  cpu1=$(cpu_ticks "$pid")
  local qps avg lost sent p99 rcodes
  qps=$(awk '/Queries per second:/ { print $4 }' "$out")
  avg=$(awk '/Average Latency \(s\):/ { print $4 * 1000 }' "$out")
  lost=$(awk '/Queries lost:/ { print $3 }' "$out")
  sent=$(awk '/Queries sent:/ { print $3 }' "$out")
  # the answers' rcodes: a contender that answers fast with SERVFAIL/REFUSED is not fast
  rcodes=$(sed -n 's/^ *Response codes: *//p' "$out")
  p99=$(awk '/^> / { print $NF }' "$out" | sort -g |
    awk '{ v[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1; if (NR) printf "%.3f", v[i] * 1000; else print "null" }')
  jq -cn --arg c "$name" --arg w "$workload" --argjson r "$round" --argjson qps "${qps:-0}" \
    --argjson avg "${avg:-null}" --argjson p99 "${p99:-null}" --argjson lost "${lost:-null}" \
    --argjson sent "${sent:-0}" --arg rcodes "$rcodes" --argjson cpu "$(awk -v a="$cpu0" -v b="$cpu1" -v t="$TICKS" 'BEGIN { print (b - a) / t }')" \
    --argjson hwm "$(vm_kb "$pid" VmHWM)" --argjson rss "$(vm_kb "$pid" VmRSS)" \
    '{contender:$c, workload:$w, round:$r, qps:$qps, avg_ms:$avg, p99_ms:$p99, lost:$lost,
      sent:$sent, rcodes:$rcodes, cpu_s:$cpu, peak_rss_kb:$hwm, rss_kb:$rss}' >>"$TMP/results.jsonl"
  log "  $name $workload round $round: ${qps%.*} q/s, avg ${avg} ms, p99 ${p99} ms, lost ${lost}; $rcodes"
}

# bench CONTENDER: start it, fill the cache, run every workload's rounds, stop it.
bench() {
  local name=$1 r
  log "== $name on 127.0.0.1:${PORT[$name]}"
  "start_$name"
  local pid=$SERVER_PID
  wait_ready "$name" "${PORT[$name]}" "$pid"
  # A full cache for the workload-1 peak RSS: 10,000 external names, then the 1,000 cluster names.
  one_pass "${PORT[$name]}" "$TMP/prefill.txt"
  one_pass "${PORT[$name]}" "$TMP/w1-hits.txt"
  for ((r = 1; r <= ROUNDS; r++)); do measure "$name" "$pid" w1-hits "$r" "$TMP/w1-hits.txt"; done
  one_pass "${PORT[$name]}" "$TMP/w2-pod.txt"
  for ((r = 1; r <= ROUNDS; r++)); do measure "$name" "$pid" w2-pod "$r" "$TMP/w2-pod.txt"; done
  for ((r = 1; r <= ROUNDS; r++)); do
    measure "$name" "$pid" w3-miss "$r" "$(miss_file "$name-$r" 600000)"
    rm -f "$TMP/miss-$name-$r.txt"
  done
  [[ $name == runtime ]] && rss_growth "$pid"
  stop "$pid"
}

# The memory target: RSS after RSS_NAMES/10 distinct names, then after RSS_NAMES.
rss_growth() {
  local pid=$1 file first rest t0
  t0=$(date +%s)
  file=$(miss_file rss "$RSS_NAMES")
  head -n $((RSS_NAMES / 10)) "$file" >"$TMP/rss-first.txt"
  tail -n +$((RSS_NAMES / 10 + 1)) "$file" >"$TMP/rss-rest.txt"
  dnsperf "${DNSPERF_ARGS[@]}" -p "${PORT[runtime]}" -d "$TMP/rss-first.txt" -n 1 -l 600 >/dev/null 2>&1 || true
  first=$(vm_kb "$pid" VmRSS)
  dnsperf "${DNSPERF_ARGS[@]}" -p "${PORT[runtime]}" -d "$TMP/rss-rest.txt" -n 1 -l 600 >/dev/null 2>&1 || true
  rest=$(vm_kb "$pid" VmRSS)
  jq -cn --argjson n1 $((RSS_NAMES / 10)) --argjson r1 "$first" --argjson n2 "$RSS_NAMES" \
    --argjson r2 "$rest" --argjson s $(($(date +%s) - t0)) \
    '{names_first:$n1, rss_kb_first:$r1, names_all:$n2, rss_kb_all:$r2, seconds:$s}' >"$TMP/rss.json"
  log "  runtime RSS after $((RSS_NAMES / 10)) names: $((first / 1024)) MiB, after $RSS_NAMES: $((rest / 1024)) MiB"
  rm -f "$TMP"/rss-*.txt "$file"
}

# --- report ----------------------------------------------------------------------------------------

# results.json: the rounds, the medians per contender and workload, the RSS check, the machine.
assemble_json() {
  jq -s --slurpfile rss "$TMP/rss.json" --arg date "$(date -u +%FT%TZ)" --arg cpu "$(lscpu | sed -n 's/^Model name: *//p')" \
    --arg kernel "$(uname -r)" --arg jdk "$(java -version 2>&1 | head -1)" --argjson nproc "$(nproc)" \
    --argjson d "$DURATION" --argjson rounds "$ROUNDS" '
    def median: sort | if length == 0 then null else .[(length - 1) / 2 | floor] end;
    { date: $date, machine: {nproc: $nproc, cpu: $cpu, kernel: $kernel, jdk: $jdk},
      settings: {duration_s: $d, rounds: $rounds, dnsperf: "-c 8 -q 200"},
      rss_growth: $rss[0], rounds: .,
      summary: [group_by(.workload)[] | group_by(.contender)[] | {
        workload: .[0].workload, contender: .[0].contender,
        qps: (map(.qps) | median), avg_ms: (map(.avg_ms) | median), p99_ms: (map(.p99_ms) | median),
        lost: (map(.lost) | add), cpu_s: (map(.cpu_s) | median), peak_rss_kb: (map(.peak_rss_kb) | max)}]
    }' "$TMP/results.jsonl"
}

# The Markdown tables and the targets, from results.json.
print_report() {
  jq -r '
    def f(n): if . == null then "n/a" else (. * pow(10; n) | round / pow(10; n) | tostring) end;
    def row(s; ours): "| \(s.contender) | \(s.qps | round) | \(s.avg_ms | f(3)) | \(s.p99_ms | f(3)) | \(s.lost) | \(s.cpu_s | f(1)) | \(s.peak_rss_kb / 1024 | f(1)) | \(if s.contender == "runtime" then "1.00" else (ours.qps / s.qps | f(2)) + "×" end) |";
    def order: {runtime: 0, agent: 1, unbound: 2, dnsdist: 3, dnsmasq: 4}[.contender];
    (.summary | group_by(.workload)[] | sort_by(order)) as $w
    | ($w | map(select(.contender == "runtime"))[0]) as $ours
    | "\n### \($w[0].workload)\n",
      "| contender | q/s (median) | avg ms | p99 ms | lost (all rounds) | CPU s / round | peak RSS MiB | our q/s ÷ theirs |",
      "|---|---|---|---|---|---|---|---|",
      ($w[] | row(.; $ours))' "$1"
  jq -r '
    def f(n): (. * pow(10; n) | round / pow(10; n) | tostring);
    def s(w; c): .summary | map(select(.workload == w and .contender == c))[0];
    def pass(ok): if ok then "PASS" else "MISS" end;
    . as $r | "\n### Targets (our runtime)\n",
    (["w1-hits", "w2-pod"][] as $w | ($r | s($w; "runtime")) as $o
      | ($r | s($w; "unbound")) as $u | ($r | s($w; "dnsmasq")) as $m | ($r | s($w; "dnsdist")) as $d
      # a run limited with BENCH_ONLY has no figures for the others: their lines are left out
      | (if $u then "- \($w): q/s ≥ 1.0× unbound: \(pass($o.qps >= $u.qps)) (\($o.qps / $u.qps | f(2))×)" else empty end),
        (if $m then "- \($w): q/s ≥ 1.2× dnsmasq: \(pass($o.qps >= 1.2 * $m.qps)) (\($o.qps / $m.qps | f(2))×)" else empty end),
        (if $d then "- \($w): q/s > dnsdist: \(pass($o.qps > $d.qps)) (\($o.qps / $d.qps | f(2))×)" else empty end),
        "- \($w): no lost queries: \(pass($o.lost == 0)) (\($o.lost) lost)",
        (if $u then "- \($w): avg latency ≤ unbound: \(pass($o.avg_ms <= $u.avg_ms)) (\($o.avg_ms | f(3)) vs \($u.avg_ms | f(3)) ms)" else empty end)),
    (($r | s("w1-hits"; "runtime")).peak_rss_kb / 1024) as $p
      | "- peak RSS under w1 with a full cache ≤ 96 MiB: \(pass($p <= 96)) (\($p | f(1)) MiB: VmHWM after the prefill, the warm-up and the w1 rounds)",
    ($r.rss_growth | (.rss_kb_all / .rss_kb_first) as $g
      | "- RSS after \(.names_all) distinct names within 10% of after \(.names_first): \(pass($g <= 1.10)) (\(.rss_kb_first / 1024 | f(1)) → \(.rss_kb_all / 1024 | f(1)) MiB, \((($g - 1) * 100) | f(1))%)")' "$1"
}

# Grouped bars: q/s per contender, one group per workload.
draw_chart() {
  jq -r '.summary | group_by(.workload)[] | [.[0].workload] + ([ "runtime","agent","unbound","dnsdist","dnsmasq" ] as $c
    | [ $c[] as $n | (map(select(.contender == $n))[0].qps // 0 | round) ]) | @tsv' "$1" >"$TMP/chart.tsv"
  gnuplot <<EOF
set terminal png size 900,500
set output "$2"
set title "queries/s, median of $ROUNDS × ${DURATION}s rounds (dnsperf -c 8 -q 200, loopback, $(nproc) cores)"
set style data histograms
set style histogram clustered gap 1
set style fill solid border -1
set ylabel "queries/s"
set yrange [0:*]
set key top right
set grid ytics
plot "$TMP/chart.tsv" using 2:xtic(1) title "runtime", '' using 3 title "agent (local)", \
     '' using 4 title "unbound", '' using 5 title "dnsdist", '' using 6 title "dnsmasq"
EOF
}

main() {
  install_packages
  find_jdk
  build_jars
  local t0 stamp
  t0=$(date +%s)
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  log "$ROUNDS rounds × ${DURATION}s per workload per contender; RSS check over $RSS_NAMES names"
  make_query_files
  start_upstream
  for c in "${CONTENDERS[@]}"; do bench "$c"; done
  mkdir -p bench/results
  assemble_json >"bench/results/$stamp.json"
  # only a run of every contender becomes the latest (docs/benchmarks.md shows it)
  local report=bench/results/$stamp.json chart=bench/results/$stamp.png
  if [[ -z ${BENCH_ONLY:-} ]]; then
    cp "$report" bench/results/latest.json
    report=bench/results/latest.json chart=bench/results/latest.png
  fi
  draw_chart "$report" "$chart"
  echo "## node-local-dns benchmark, $(date -u +%F), $(nproc) cores, $ROUNDS rounds × ${DURATION}s, took $(($(date +%s) - t0)) s"
  print_report "$report"
  echo
  echo "raw: $report, chart: $chart"
}

main
