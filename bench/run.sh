#!/usr/bin/env bash
# The benchmark harness: one run measures our runtime (lean Corefile) and the agent in local mode
# (the upstream manifest's Corefile, as deployed) against unbound, dnsdist and dnsmasq on loopback,
# against the same upstream, with the same dnsperf query files. Per contender, in one process:
# throughput rounds (w1-hits, w2-pod, w3-miss), a latency round at a fixed rate, a CPU round at a
# fixed rate (runtime, agent, unbound), a half-miss soak (runtime and agent); then an RSS-growth
# table on fresh processes of runtime and agent.
#
#   bench/run.sh [--no-build] [--duration S] [--rounds N] ... (bench/run.sh --help lists every flag)
#
# Prints Markdown tables and the targets (PASS/MISS), writes bench/results/<timestamp>.json
# (+ latest.json) and bench/results/latest.png. Only same-run ratios mean anything: figures swing
# ±20% between runs. BENCH_ONLY="runtime unbound" bench/run.sh measures only those (its results stay
# under their timestamp; latest.* is only ever a run of every contender).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export DEBIAN_FRONTEND=noninteractive

DURATION=6          # seconds per throughput round (w1, w2, w3)
ROUNDS=3            # throughput rounds per workload per contender; the tables show medians
WARMUP=10           # seconds of unmeasured w2-pod load before the first round, every contender
LAT_DURATION=10     # seconds of the fixed-rate latency round
LAT_RATE=           # its offered q/s; empty: half of unbound's median w2-pod q/s in this run
LAT_RATE_FALLBACK=40000 # ... or this when unbound is not in the run (BENCH_ONLY)
CPU_DURATION=12     # seconds of the fixed-rate CPU round
CPU_RATE=5000       # its offered q/s
SOAK=60             # seconds of the half-miss soak (runtime and agent); 0: none
SOAK_RATE=2000      # its offered q/s
RSS_NAMES=1000000   # distinct never-seen names of the misses-only RSS growth (fresh process); 0: none
RSS_HITS=5          # seconds of each hits-only load of the RSS table
PORT_BASE=5300      # contenders on PORT_BASE+1..+5, the upstream on PORT_BASE+99
BUILD=1

usage() {
  cat <<'EOF'
usage: bench/run.sh [flags]            (BENCH_ONLY="runtime agent unbound" bench/run.sh: a subset)
  --no-build              use the jars as they are (default: ./mvnw -pl runtime,modes -am package first)
  --duration S            seconds per throughput round, w1-hits/w2-pod/w3-miss (default 6)
  --rounds N              throughput rounds per workload per contender, medians shown (default 3)
  --warmup S              seconds of unmeasured w2-pod load on each contender before its first
                          round, so JIT compilation is not measured as throughput (default 10)
  --latency-duration S    seconds of the fixed-rate latency round (default 10)
  --latency-rate Q        its offered q/s (default: half of unbound's median w2-pod q/s in this run;
                          40000 if unbound is not in the run)
  --cpu-duration S        seconds of the fixed-rate CPU round, runtime, agent, unbound (default 12)
  --cpu-rate Q            its offered q/s (default 5000)
  --soak S                seconds of the half-miss soak, runtime and agent (default 60; 0: none)
  --soak-rate Q           its offered q/s (default 2000)
  --rss-names N           distinct never-seen names of the RSS growth on a fresh runtime and agent
                          (default 1000000; 0: no RSS growth table)
  --rss-hits S            seconds of each hits-only load of the RSS growth table (default 5)
  --port-base P           contenders on P+1..P+5, the upstream on P+99 (default 5300)
  -h, --help              this
EOF
}
while (($#)); do
  case $1 in
    --no-build) BUILD=0 ;;
    --duration) DURATION=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --latency-duration) LAT_DURATION=$2; shift ;;
    --latency-rate) LAT_RATE=$2; shift ;;
    --cpu-duration) CPU_DURATION=$2; shift ;;
    --cpu-rate) CPU_RATE=$2; shift ;;
    --soak) SOAK=$2; shift ;;
    --soak-rate) SOAK_RATE=$2; shift ;;
    --rss-names) RSS_NAMES=$2; shift ;;
    --rss-hits) RSS_HITS=$2; shift ;;
    --port-base) PORT_BASE=$2; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done

# dnsperf as the benchmark's targets fix it: 8 clients, 200 outstanding. Every contender gets the same.
DNSPERF_ARGS=(-s 127.0.0.1 -c 8 -q 200 -t 2)
UPSTREAM_PORT=$((PORT_BASE + 99))
declare -A PORT=([runtime]=$((PORT_BASE + 1)) [agent]=$((PORT_BASE + 2)) [unbound]=$((PORT_BASE + 3))
  [dnsdist]=$((PORT_BASE + 4)) [dnsmasq]=$((PORT_BASE + 5)))
CONTENDERS=(${BENCH_ONLY:-runtime agent unbound dnsdist dnsmasq})
for c in "${CONTENDERS[@]}"; do
  [[ -n ${PORT[$c]:-} ]] || { echo "bench: unknown contender '$c' in BENCH_ONLY (runtime agent unbound dnsdist dnsmasq)" >&2; exit 2; }
done
# unbound goes first: its w2-pod capacity sets the others' latency round's rate
if [[ " ${CONTENDERS[*]} " == *" unbound "* ]]; then
  CONTENDERS=(unbound $(printf '%s\n' "${CONTENDERS[@]}" | grep -vx unbound || true))
fi
SOAKED=(runtime agent) # the half-miss soak and the RSS growth table: our two JVM contenders
CPU_MEASURED=(runtime agent unbound) # the CPU round: ours and the target's reference
CLUSTER_NAMES=1000   # svc<i>.ns<j>.svc.cluster.local, i<100, j<10
EXTERNAL_NAMES=10000 # www<k>.example.: all of them prefill the cache to its 10,000 entries
POD_EXTERNALS=500    # external names in workload 2 (x4 queries each with the search path)
MANIFEST_COREFILE=e2e/src/test/resources/io/nodelocaldns/e2e/node/Corefile.manifest
TICKS=$(getconf CLK_TCK)

log() { echo "bench: $*" >&2; }
soaked() { [[ " ${SOAKED[*]} " == *" $1 "* ]]; }

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

# Without --no-build the jars are built from this tree (package, never install), so a run never
# measures stale jars.
build_jars() {
  if ((BUILD)); then
    log "building the jars"
    ./mvnw -B -q -pl runtime,modes -am package -DskipTests
  fi
  [[ -f runtime/target/node-local-dns-runtime.jar && -f modes/target/node-local-dns-agent.jar ]] ||
    { log "jars missing: run without --no-build"; exit 1; }
}

# The directives of a Corefile with addresses and ports masked: the agent's bench Corefile must have
# the seed manifest's shape (same blocks, directives and options), only its addresses substituted.
corefile_shape() {
  awk '
    { sub(/#.*/, ""); gsub(/[ \t]+/, " "); sub(/^ /, ""); sub(/ $/, "") }
    $0 == "" { next }
    {
      out = ""; prev = ""
      for (i = 1; i <= NF; i++) {
        t = $i
        if (i == 1 && NF == 2 && $2 == "{" && t ~ /:/) { # a server block, ZONE:PORT {
          sub(/^__PILLAR__DNS__DOMAIN__/, "cluster.local", t); sub(/:[^:]*$/, ":PORT", t)
        } else if (i > 1 && (t ~ /__PILLAR__(LOCAL__DNS|DNS__SERVER|CLUSTER__DNS|UPSTREAM__SERVERS)__/ ||
                             t ~ /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+/ || t ~ /^:/)) {
          t = "ADDR"
          if (prev == "ADDR") continue # bind A B: as many addresses as the node has
        }
        out = out (out == "" ? "" : " ") t; prev = t
      }
      print out
    }' "$1"
}

check_agent_corefile() {
  if ! diff <(corefile_shape "$MANIFEST_COREFILE") <(corefile_shape bench/conf/agent.Corefile.base) >"$TMP/shape.diff"; then
    log "bench/conf/agent.Corefile.base is not shaped as $MANIFEST_COREFILE (< manifest, > bench):"
    cat "$TMP/shape.diff" >&2
    exit 1
  fi
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

# start LOG CMD...: runs CMD in the background (exec, so the PID is the server itself), output to
# $TMP/LOG.log.
start() {
  local name=$1; shift
  ("$@" >"$TMP/$name.log" 2>&1) &
  PIDS+=($!)
  SERVER_PID=$!
  SERVER_LOG=$TMP/$name.log
}

# stop PID: stops it and forgets it, so the exit trap never signals a PID the system has reused.
stop() {
  local pid=$1 p kept=()
  kill "$pid" 2>/dev/null || true
  for _ in {1..100}; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
  for p in "${PIDS[@]}"; do [[ $p == "$pid" ]] || kept+=("$p"); done
  PIDS=("${kept[@]}")
}

# Waits until the server answers a cluster name over UDP (dnsperf's own probe: one query).
wait_ready() {
  local name=$1 port=$2 pid=$3
  for _ in {1..150}; do
    kill -0 "$pid" 2>/dev/null || { log "$name died:"; tail -20 "$SERVER_LOG" >&2; exit 1; }
    if echo "svc0.ns0.svc.cluster.local A" | dnsperf -s 127.0.0.1 -p "$port" -t 1 2>/dev/null |
      grep -q "Queries completed: *1 "; then return 0; fi
    sleep 0.2
  done
  log "$name not answering on $port"; tail -20 "$SERVER_LOG" >&2; exit 1
}

render() { # render TEMPLATE OUT PORT: fills the @...@ placeholders of bench/conf/TEMPLATE
  sed -e "s|@PORT@|$3|g" -e "s|@UPSTREAM_PORT@|$UPSTREAM_PORT|g" -e "s|@DIR@|$TMP|g" \
    -e "s|@METRICS_PORT@|$(($3 + 4000))|g" -e "s|@HEALTH_PORT@|$(($3 + 5000))|g" \
    "$ROOT/bench/conf/$1" >"$2"
}

# The upstream's records: 1,000 cluster names and 10,000 external names (A records, 1 h TTL; the
# contenders cap at 30 s, as the node-cache Corefile does). Everything else is NXDOMAIN, answered
# from unbound's local zones: the misses cost the upstream no lookup elsewhere.
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

# --- contenders: each start_<name> TAG leaves SERVER_PID serving on ${PORT[name]} ------------------

start_runtime() {
  render runtime.Corefile "$TMP/runtime.Corefile" "${PORT[runtime]}"
  start "runtime-$1" java @"$ROOT/jvm.options" -jar "$ROOT/runtime/target/node-local-dns-runtime.jar" -conf "$TMP/runtime.Corefile"
}

# As deployed, warm restarts included (a snapshot every 2 s), but in a state directory of its own per
# process: every start is cold, and nothing is written to or restored from the node's
# /var/lib/node-local-dns.
start_agent() {
  render agent.Corefile.base "$TMP/agent.Corefile.base" "${PORT[agent]}"
  KUBE_DNS_UPSTREAM_SERVICE_HOST=127.0.0.1 start "agent-$1" java @"$ROOT/jvm.options" \
    -jar "$ROOT/modes/target/node-local-dns-agent.jar" --mode local --state-dir "$TMP/agent-state-$1" \
    -basecorefile "$TMP/agent.Corefile.base" -conf "$TMP/agent-$1.Corefile" -kubednscm /nonexistent
}

start_unbound() {
  render unbound.conf "$TMP/unbound.conf" "${PORT[unbound]}"
  start "unbound-$1" unbound -d -c "$TMP/unbound.conf"
}

start_dnsdist() {
  render dnsdist.conf "$TMP/dnsdist.conf" "${PORT[dnsdist]}"
  start "dnsdist-$1" dnsdist --supervised --disable-syslog -C "$TMP/dnsdist.conf"
}

# dnsmasq cannot send one zone over TCP: every name goes over UDP. --dns-forward-max raised from
# 150 so 200 outstanding misses are not dropped by its own limit.
start_dnsmasq() {
  start "dnsmasq-$1" dnsmasq -k --no-resolv --no-hosts --bind-interfaces --listen-address=127.0.0.1 \
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
  # The hits of the mixed loads: the 1,000 cluster names and w2's 500 external names, interleaved
  # (positive answers, 30 s in every cache: warmed by one pass before each load).
  paste -d '\n' "$TMP/w1-hits.txt" <(head -n "$POD_EXTERNALS" "$TMP/prefill.txt") | sed '/^$/d' >"$TMP/hits.txt"
}

# Workload 3: names never asked before (per contender and round), so each one goes upstream.
miss_file() { # miss_file TAG COUNT
  seq 1 "$2" | awk -v t="$1" '{ print "m" $1 "." t ".miss.example A" }' >"$TMP/miss-$1.txt"
  echo "$TMP/miss-$1.txt"
}

# The mixed loads: HITS cached names (cycling through hits.txt), then one never-seen name, repeated.
mix_file() { # mix_file TAG LINES HITS_PER_MISS
  awk -v t="$1" -v n="$2" -v h="$3" '{ hit[c++] = $0 }
    END { for (i = 0; i < n; i++) if (i % (h + 1) == h) print "m" ++m "." t ".miss.example A"; else print hit[k++ % c] }' \
    "$TMP/hits.txt" >"$TMP/mix-$1.txt"
  echo "$TMP/mix-$1.txt"
}

# --- measuring -------------------------------------------------------------------------------------

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
vm_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; } # vm_kb PID VmHWM|VmRSS

# One dnsperf pass over FILE (-n 1), for warming and filling; quiet.
one_pass() { dnsperf "${DNSPERF_ARGS[@]}" -p "$1" -d "$2" -n 1 -l 120 >/dev/null 2>&1 || true; }

# dnsperf's summary lines, as JSON fields (dnsperf 2.10 has no percentile output: see latencies).
dnsperf_stats() { # dnsperf_stats OUT
  local qps avg lost sent completed rcodes
  # the first of each: over TCP dnsperf adds connection statistics with an "Average Latency" of their own
  qps=$(awk '/Queries per second:/ { print $4; exit }' "$1")
  avg=$(awk '/Average Latency \(s\):/ { print $4 * 1000; exit }' "$1")
  lost=$(awk '/Queries lost:/ { print $3; exit }' "$1")
  sent=$(awk '/Queries sent:/ { print $3; exit }' "$1")
  completed=$(awk '/Queries completed:/ { print $3; exit }' "$1")
  # the answers' rcodes: a contender that answers fast with SERVFAIL/REFUSED is not fast
  rcodes=$(sed -n 's/^ *Response codes: *//p' "$1")
  jq -cn --argjson qps "${qps:-0}" --argjson avg "${avg:-null}" --argjson lost "${lost:-null}" \
    --argjson sent "${sent:-0}" --argjson completed "${completed:-0}" --arg rcodes "$rcodes" \
    '{qps:$qps, avg_ms:$avg, lost:$lost, sent:$sent, completed:$completed, rcodes:$rcodes}'
}

# Percentiles from dnsperf -v's per-query lines ("> RCODE NAME TYPE SECONDS"), nearest rank, in ms:
# of all queries, and of the answered hits and misses (names under .miss.example) apart. LOST lost
# queries count in "all" as the 2 s timeout (the throughput rounds pass 0: their p99 is of answers).
# dnsperf prints microseconds, so a count per microsecond gives the exact ranks without sorting a
# line per query (~0.2 s instead of ~1.7 s for a round of 700,000).
latencies() { # latencies OUT LOST
  { awk '/^> / { c[($3 ~ /\.miss\.example\.?$/ ? "m" : "h") " " int($NF * 1e6 + 0.5)]++ }
      END { for (k in c) print k, c[k] }' "$1"
    if ((${2:-0} > 0)); then echo "l 2000000 $2"; fi; } | sort -k2,2n | awk '
    { cl[++n] = $1; us[n] = $2; c[n] = $3; tot["a"] += $3; tot[$1] += $3 }
    function pct(class, p, r, cum, i) {
      if (!tot[class]) return "null"
      r = int(tot[class] * p); if (r < 1) r = 1
      for (i = 1; i <= n; i++) if (class == "a" || cl[i] == class) { cum += c[i]; if (cum >= r) return sprintf("%.3f", us[i] / 1000) }
    }
    END { printf "{\"p50_ms\":%s,\"p99_ms\":%s,\"p999_ms\":%s,\"max_ms\":%s,\"hits_p99_ms\":%s,\"misses_p99_ms\":%s,\"answered_hits\":%d,\"answered_misses\":%d}\n",
      pct("a", 0.5), pct("a", 0.99), pct("a", 0.999), pct("a", 1), pct("h", 0.99), pct("m", 0.99), tot["h"], tot["m"] }'
}

cpu_s() { awk -v a="$1" -v b="$2" -v t="$TICKS" 'BEGIN { print (b - a) / t }'; }

# measure CONTENDER PID WORKLOAD ROUND FILE: one timed throughput round, appended to results.jsonl.
# -v prints every query's latency: the p99 comes from those.
measure() {
  local name=$1 pid=$2 workload=$3 round=$4 file=$5 out=$TMP/dnsperf.out cpu0 cpu1 row
  cpu0=$(cpu_ticks "$pid")
  dnsperf "${DNSPERF_ARGS[@]}" -p "${PORT[$name]}" -d "$file" -l "$DURATION" -v >"$out" 2>&1 || true
  cpu1=$(cpu_ticks "$pid")
  row=$(jq -c --arg c "$name" --arg w "$workload" --argjson r "$round" --argjson cpu "$(cpu_s "$cpu0" "$cpu1")" \
    --argjson hwm "$(vm_kb "$pid" VmHWM)" --argjson rss "$(vm_kb "$pid" VmRSS)" --argjson lat "$(latencies "$out" 0)" \
    '{contender:$c, workload:$w, round:$r, qps, avg_ms, p99_ms:$lat.p99_ms, lost, sent, rcodes,
      cpu_s:$cpu, peak_rss_kb:$hwm, rss_kb:$rss}' <<<"$(dnsperf_stats "$out")")
  echo "$row" >>"$TMP/results.jsonl"
  jq -r '"  \(.contender) \(.workload) round \(.round): \(.qps | floor) q/s, avg \(.avg_ms) ms, p99 \(.p99_ms) ms, lost \(.lost); \(.rcodes)"' <<<"$row" >&2
}

# measure_fixed CONTENDER PID PHASE RATE SECONDS FILE MIX: one dnsperf round at a fixed offered rate
# (-Q), appended to fixed.jsonl: answered q/s, percentiles, lost, CPU seconds (and per 100,000
# answered queries), VmRSS before and after, VmHWM after.
measure_fixed() {
  local name=$1 pid=$2 phase=$3 rate=$4 secs=$5 file=$6 mix=$7 out=$TMP/dnsperf.out cpu0 cpu1 rss0 row stats
  rss0=$(vm_kb "$pid" VmRSS)
  cpu0=$(cpu_ticks "$pid")
  dnsperf "${DNSPERF_ARGS[@]}" -p "${PORT[$name]}" -d "$file" -l "$secs" -Q "$rate" -v >"$out" 2>&1 || true
  cpu1=$(cpu_ticks "$pid")
  stats=$(dnsperf_stats "$out")
  row=$(jq -c --arg c "$name" --arg p "$phase" --argjson rate "$rate" --argjson secs "$secs" --arg mix "$mix" \
    --argjson cpu "$(cpu_s "$cpu0" "$cpu1")" --argjson rss0 "$rss0" --argjson hwm "$(vm_kb "$pid" VmHWM)" \
    --argjson rss "$(vm_kb "$pid" VmRSS)" --argjson lat "$(latencies "$out" "$(jq .lost <<<"$stats")")" \
    '{contender:$c, phase:$p, offered_qps:$rate, seconds:$secs, mix:$mix} + . + $lat
      + {cpu_s:$cpu, cpu_s_per_100k:(if .completed > 0 then $cpu / .completed * 100000 else null end),
         rss_kb_before:$rss0, rss_kb:$rss, peak_rss_kb:$hwm}' <<<"$stats")
  echo "$row" >>"$TMP/fixed.jsonl"
  jq -r '"  \(.contender) \(.phase) at \(.offered_qps) q/s offered: \(.qps | floor) q/s, p50 \(.p50_ms) p99 \(.p99_ms) p99.9 \(.p999_ms) max \(.max_ms) ms, lost \(.lost), CPU \(.cpu_s) s (\(.cpu_s_per_100k // 0 | . * 1000 | round / 1000) s per 100k), VmHWM \(.peak_rss_kb / 1024 | floor) MiB; \(.rcodes)"' <<<"$row" >&2
}

# The reference for w3: the upstream alone, straight at it with w3's kind of miss names, one round
# over UDP (as runtime, unbound, dnsdist and dnsmasq forward misses) and one over TCP (as the
# agent does: the manifest's `.` block has force_tcp).
measure_upstream() {
  local transport out=$TMP/dnsperf.out cpu0 cpu1 file
  for transport in udp tcp; do
    file=$(miss_file "upstream-$transport" $((DURATION * 150000)))
    cpu0=$(cpu_ticks "$UPSTREAM_PID")
    dnsperf "${DNSPERF_ARGS[@]}" -m "$transport" -p "$UPSTREAM_PORT" -d "$file" -l "$DURATION" -v >"$out" 2>&1 || true
    cpu1=$(cpu_ticks "$UPSTREAM_PID")
    jq -c --arg t "$transport" --argjson cpu "$(cpu_s "$cpu0" "$cpu1")" --argjson lat "$(latencies "$out" 0)" \
      '{transport:$t} + . + {p99_ms:$lat.p99_ms, cpu_s:$cpu}' <<<"$(dnsperf_stats "$out")" >>"$TMP/upstream.jsonl"
    rm -f "$file"
    jq -r '"  upstream alone, w3 miss names over \(.transport): \(.qps | floor) q/s, avg \(.avg_ms) ms, p99 \(.p99_ms) ms, lost \(.lost); \(.rcodes)"' \
      <<<"$(tail -1 "$TMP/upstream.jsonl")" >&2
  done
}

# The latency round's rate: --latency-rate, else half of unbound's median w2-pod q/s in this run.
latency_rate() {
  local half
  if [[ -n $LAT_RATE ]]; then echo "$LAT_RATE"; return; fi
  half=$(jq -s '[.[] | select(.contender == "unbound" and .workload == "w2-pod") | .qps] | sort
    | if length == 0 then empty else .[(length - 1) / 2 | floor] / 2 | floor end' "$TMP/results.jsonl")
  if [[ -n $half ]]; then
    LAT_RATE=$half LAT_RATE_SOURCE="half of unbound's median w2-pod q/s"
  else
    LAT_RATE=$LAT_RATE_FALLBACK LAT_RATE_SOURCE="fixed: unbound not in this run"
    log "  no unbound figures in this run: the latency round offers $LAT_RATE q/s"
  fi
  echo "$LAT_RATE"
}
LAT_RATE_SOURCE="--latency-rate"

# timing PHASE VAR: the seconds since $VAR, recorded for the report; VAR restarts now.
timing() {
  local -n since=$2
  echo "{\"phase\":\"$1\",\"seconds\":$(($(date +%s) - since))}" >>"$TMP/timing.jsonl"
  since=$(date +%s)
}

# bench CONTENDER: start it, fill the cache, run every phase on this one process, stop it.
bench() {
  local name=$1 r port=${PORT[$1]} pid rate t=$(date +%s)
  log "== $name on 127.0.0.1:$port"
  "start_$name" main
  pid=$SERVER_PID
  wait_ready "$name" "$port" "$pid"
  # A full cache for the workload-1 peak RSS: 10,000 external names, then the 1,000 cluster names.
  one_pass "$port" "$TMP/prefill.txt"
  one_pass "$port" "$TMP/w1-hits.txt"
  # The same unmeasured warm-up for every contender (w2-pod: both hit kinds, answers and denials),
  # so the JVM contenders are measured compiled, as a node runs them all day.
  if ((WARMUP > 0)); then
    dnsperf "${DNSPERF_ARGS[@]}" -p "$port" -d "$TMP/w2-pod.txt" -l "$WARMUP" >/dev/null 2>&1 || true
  fi
  for ((r = 1; r <= ROUNDS; r++)); do measure "$name" "$pid" w1-hits "$r" "$TMP/w1-hits.txt"; done
  one_pass "$port" "$TMP/w2-pod.txt"
  for ((r = 1; r <= ROUNDS; r++)); do measure "$name" "$pid" w2-pod "$r" "$TMP/w2-pod.txt"; done
  for ((r = 1; r <= ROUNDS; r++)); do
    measure "$name" "$pid" w3-miss "$r" "$(miss_file "$name-$r" $((DURATION * 150000)))"
    rm -f "$TMP/miss-$name-$r.txt"
  done
  timing "$name throughput (start, fill, w1, w2, w3)" t
  # Latency at a realistic load: half of unbound's capacity, 90% hits / 10% never-seen names.
  latency_rate >/dev/null # sets LAT_RATE here, not in a subshell
  rate=$LAT_RATE
  one_pass "$port" "$TMP/hits.txt"
  measure_fixed "$name" "$pid" latency "$rate" "$LAT_DURATION" \
    "$(mix_file "$name-lat" $((rate * LAT_DURATION * 11 / 10 + 1000)) 9)" "90% hits / 10% never-seen"
  rm -f "$TMP/mix-$name-lat.txt"
  timing "$name latency" t
  # CPU at a realistic rate, same mix: ours and unbound (the target's reference).
  if [[ " ${CPU_MEASURED[*]} " == *" $name "* ]]; then
    one_pass "$port" "$TMP/hits.txt"
    measure_fixed "$name" "$pid" cpu "$CPU_RATE" "$CPU_DURATION" \
      "$(mix_file "$name-cpu" $((CPU_RATE * CPU_DURATION * 11 / 10 + 1000)) 9)" "90% hits / 10% never-seen"
    rm -f "$TMP/mix-$name-cpu.txt"
    timing "$name cpu" t
  fi
  # The half-miss soak, on our JVM contenders.
  if soaked "$name" && ((SOAK > 0)); then
    one_pass "$port" "$TMP/hits.txt"
    measure_fixed "$name" "$pid" soak "$SOAK_RATE" "$SOAK" \
      "$(mix_file "$name-soak" $((SOAK_RATE * SOAK * 11 / 10 + 1000)) 1)" "50% hits / 50% never-seen"
    rm -f "$TMP/mix-$name-soak.txt"
    timing "$name soak" t
  fi
  jq -cn --arg c "$name" --argjson hwm "$(vm_kb "$pid" VmHWM)" --argjson rss "$(vm_kb "$pid" VmRSS)" \
    --argjson cpu "$(cpu_s 0 "$(cpu_ticks "$pid")")" \
    '{contender:$c, peak_rss_kb:$hwm, rss_kb:$rss, cpu_s:$cpu}' >>"$TMP/peak.jsonl"
  log "  $name after every phase: VmHWM $(($(vm_kb "$pid" VmHWM) / 1024)) MiB, VmRSS $(($(vm_kb "$pid" VmRSS) / 1024)) MiB"
  stop "$pid"
}

rss_row() { # rss_row CONTENDER LOAD NAMES STEP PID
  jq -cn --arg c "$1" --arg l "$2" --argjson n "$3" --arg s "$4" --argjson rss "$(vm_kb "$5" VmRSS)" \
    --argjson hwm "$(vm_kb "$5" VmHWM)" '{contender:$c, load:$l, names:$n, step:$s, rss_kb:$rss, peak_rss_kb:$hwm}' \
    >>"$TMP/rss.jsonl"
  log "  $1 $2, $4: VmRSS $(($(vm_kb "$5" VmRSS) / 1024)) MiB, VmHWM $(($(vm_kb "$5" VmHWM) / 1024)) MiB"
}

# RSS growth with the cache's size and the query mix, each on a fresh process of CONTENDER:
#  misses-only: never-seen names (-n 1 passes, as fast as it answers), VmRSS after 1k, 10k, 100k,
#    RSS_NAMES/10 and RSS_NAMES of them (each a new NXDOMAIN entry; the denial tier holds 9,984);
#  hits-only: the 1,000 cluster names cached, then only those for RSS_HITS s; then the 10,000
#    external names cached too, then only those 11,000 for RSS_HITS s.
rss_growth() {
  local name=$1 port=${PORT[$1]} pid file n prev=0 t0
  log "== $name RSS growth on fresh processes"
  "start_$name" rss-misses
  pid=$SERVER_PID
  wait_ready "$name" "$port" "$pid"
  rss_row "$name" misses-only 0 "idle (started, one answer)" "$pid"
  t0=$(date +%s)
  file=$(miss_file "$name-rss" "$RSS_NAMES")
  for n in $(printf '%s\n' 1000 10000 100000 $((RSS_NAMES / 10)) "$RSS_NAMES" | sort -nu); do
    ((n > prev && n <= RSS_NAMES)) || continue
    sed -n "$((prev + 1)),${n}p" "$file" >"$TMP/rss-step.txt"
    dnsperf "${DNSPERF_ARGS[@]}" -p "$port" -d "$TMP/rss-step.txt" -n 1 -l 600 >/dev/null 2>&1 || true
    rss_row "$name" misses-only "$n" "after $n never-seen names" "$pid"
    prev=$n
  done
  echo "{\"contender\":\"$name\",\"seconds\":$(($(date +%s) - t0))}" >>"$TMP/rss-seconds.jsonl"
  rm -f "$file" "$TMP/rss-step.txt"
  stop "$pid"
  "start_$name" rss-hits
  pid=$SERVER_PID
  wait_ready "$name" "$port" "$pid"
  rss_row "$name" hits-only 0 "idle (started, one answer)" "$pid"
  one_pass "$port" "$TMP/w1-hits.txt"
  dnsperf "${DNSPERF_ARGS[@]}" -p "$port" -d "$TMP/w1-hits.txt" -l "$RSS_HITS" >/dev/null 2>&1 || true
  rss_row "$name" hits-only "$CLUSTER_NAMES" "$CLUSTER_NAMES names asked once, then ${RSS_HITS} s of queries for them" "$pid"
  one_pass "$port" "$TMP/prefill.txt"
  cat "$TMP/prefill.txt" "$TMP/w1-hits.txt" >"$TMP/rss-hits.txt"
  dnsperf "${DNSPERF_ARGS[@]}" -p "$port" -d "$TMP/rss-hits.txt" -l "$RSS_HITS" >/dev/null 2>&1 || true
  rss_row "$name" hits-only $((CLUSTER_NAMES + EXTERNAL_NAMES)) \
    "$EXTERNAL_NAMES more asked once, then ${RSS_HITS} s of queries for all $((CLUSTER_NAMES + EXTERNAL_NAMES))" "$pid"
  stop "$pid"
}

# --- report ----------------------------------------------------------------------------------------

# results.json: settings, the upstream alone, the throughput rounds and their medians, the fixed-rate
# rounds, each contender's peak RSS over the whole run, the RSS growth table, the targets.
assemble_json() {
  local f
  for f in results fixed peak upstream rss rss-seconds; do touch "$TMP/$f.jsonl"; done
  jq -n --slurpfile rows "$TMP/results.jsonl" --slurpfile fixed "$TMP/fixed.jsonl" \
    --slurpfile peak "$TMP/peak.jsonl" --slurpfile upstream "$TMP/upstream.jsonl" \
    --slurpfile rss "$TMP/rss.jsonl" --slurpfile rss_s "$TMP/rss-seconds.jsonl" \
    --arg date "$(date -u +%FT%TZ)" --arg cpu "$(lscpu | sed -n 's/^Model name: *//p')" \
    --arg kernel "$(uname -r)" --arg jdk "$(java -version 2>&1 | head -1)" --argjson nproc "$(nproc)" \
    --argjson d "$DURATION" --argjson nrounds "$ROUNDS" --argjson warmup "$WARMUP" --argjson lat_d "$LAT_DURATION" \
    --argjson lat_rate "${LAT_RATE:-null}" --arg lat_src "$LAT_RATE_SOURCE" --argjson cpu_d "$CPU_DURATION" \
    --argjson cpu_rate "$CPU_RATE" --argjson soak "$SOAK" --argjson soak_rate "$SOAK_RATE" \
    --argjson rss_names "$RSS_NAMES" --argjson rss_hits "$RSS_HITS" --argjson took "$1" '
    def median: sort | if length == 0 then null else .[(length - 1) / 2 | floor] end;
    def f(n): if . == null then "n/a" else (. * pow(10; n) | round / pow(10; n) | tostring) end;
    def pass(ok): if ok then "PASS" else "MISS" end;
    # n decimals, trailing zeros kept: a ratio of 0.996 reads 0.996, not 1
    def fixed(n): if . == null then "n/a" else (. * pow(10; n) | round | tostring) as $s
      | ((("0" * (n + 1 - ($s | length))) // "") + $s) | .[0:length - n] + "." + .[length - n:] end;
    ([$rows | group_by(.workload)[] | group_by(.contender)[] | {
        workload: .[0].workload, contender: .[0].contender,
        qps: (map(.qps) | median), avg_ms: (map(.avg_ms) | median), p99_ms: (map(.p99_ms) | median),
        lost: (map(.lost) | add), cpu_s: (map(.cpu_s) | median), peak_rss_kb: (map(.peak_rss_kb) | max)}]) as $summary
    | def s(w; c): $summary | map(select(.workload == w and .contender == c))[0];
      def fx(p; c): $fixed | map(select(.phase == p and .contender == c))[0];
      def pk(c): $peak | map(select(.contender == c))[0];
      def t(n; what; c; v; ref; ratio; ok; detail):
        {target: n, what: what, contender: c, value: v, reference: ref, ratio: ratio, pass: ok,
         line: "- \(n). \(what), \(c): \(pass(ok)) (\(ratio | fixed(3))×: \(detail))"};
    { date: $date, machine: {nproc: $nproc, cpu: $cpu, kernel: $kernel, jdk: $jdk}, took_s: $took,
      settings: {duration_s: $d, rounds: $nrounds, warmup_s: $warmup, dnsperf: "-c 8 -q 200",
        latency: {seconds: $lat_d, offered_qps: $lat_rate, rate_from: $lat_src, mix: "90% hits / 10% never-seen"},
        cpu: {seconds: $cpu_d, offered_qps: $cpu_rate, mix: "90% hits / 10% never-seen", contenders: ["runtime", "agent", "unbound"]},
        soak: {seconds: $soak, offered_qps: $soak_rate, mix: "50% hits / 50% never-seen", contenders: ["runtime", "agent"]},
        rss_growth: {names: $rss_names, hits_seconds: $rss_hits, contenders: ["runtime", "agent"]}},
      upstream_alone: $upstream,
      rounds: $rows, summary: $summary, fixed_rate: $fixed, peak_rss: $peak,
      rss_table: $rss, rss_table_seconds: $rss_s,
      # the first benchmark issue check, kept: the runtime, RSS after RSS_NAMES/10 and RSS_NAMES names
      rss_growth: ($rss | map(select(.contender == "runtime" and .load == "misses-only")) as $m
        | ($m | map(select(.names == ($rss_names / 10 | floor)))[0]) as $a | ($m | map(select(.names == $rss_names))[0]) as $b
        | if $a and $b and $rss_names >= 10 then {names_first: $a.names, rss_kb_first: $a.rss_kb, names_all: $b.names,
            rss_kb_all: $b.rss_kb, seconds: ($rss_s | map(select(.contender == "runtime"))[0].seconds)} else null end),
      targets: [
        (["agent", "runtime"][] as $c | (["w1-hits", "w2-pod"][] as $w | s($w; $c) as $o | s($w; "unbound") as $u
          | select($o and $u) | t(1; "hits as deployed: \($w) q/s ≥ 1.0× unbound"; $c; $o.qps; $u.qps; $o.qps / $u.qps;
              $o.qps >= $u.qps; "\($o.qps | round) vs \($u.qps | round) q/s, median of \($nrounds) rounds"))),
        (["agent", "runtime"][] as $c | s("w3-miss"; $c) as $o | s("w3-miss"; "unbound") as $u | select($o and $u)
          | t(2; "misses against a fast upstream: w3-miss q/s ≥ 1.0× unbound"; $c; $o.qps; $u.qps; $o.qps / $u.qps;
              $o.qps >= $u.qps; "\($o.qps | round) vs \($u.qps | round) q/s, median of \($nrounds) rounds; the upstream alone: \($upstream | map("\(.qps | round) q/s over \(.transport)") | join(", "))")),
        (["agent", "runtime"][] as $c | fx("latency"; $c) as $o | fx("latency"; "unbound") as $u | select($o and $u)
          | t(3; "latency at \($o.offered_qps) q/s (90% hits): p99 ≤ unbound p99"; $c; $o.p99_ms; $u.p99_ms; $o.p99_ms / $u.p99_ms;
              ($o.p99_ms != null and $u.p99_ms != null and $o.p99_ms <= $u.p99_ms);
              "p99 \($o.p99_ms) vs \($u.p99_ms) ms; p50 \($o.p50_ms) vs \($u.p50_ms), p99.9 \($o.p999_ms) vs \($u.p999_ms), max \($o.max_ms) vs \($u.max_ms) ms; lost \($o.lost) vs \($u.lost)")),
        (["agent", "runtime"][] as $c | pk($c) as $o | select($o)
          | t(4; "memory: VmHWM through the whole run ≤ 100 MiB"; $c; ($o.peak_rss_kb / 1024); 100;
              ($o.peak_rss_kb / 1024 / 100); ($o.peak_rss_kb / 1024 <= 100);
              "\($o.peak_rss_kb / 1024 | f(1)) MiB after w1, w2, w3 (\($nrounds) × \($d) s each), latency, CPU\(if $soak > 0 and ($fixed | any(.phase == "soak" and .contender == $c)) then " and the \($soak) s half-miss soak" else "" end)")),
        (["agent", "runtime"][] as $c | fx("cpu"; $c) as $o | fx("cpu"; "unbound") as $u | select($o and $u)
          | t(5; "CPU at \($o.offered_qps) q/s (90% hits): CPU s per 100k queries ≤ 1.5× unbound"; $c; $o.cpu_s_per_100k;
              $u.cpu_s_per_100k; $o.cpu_s_per_100k / $u.cpu_s_per_100k; $o.cpu_s_per_100k <= 1.5 * $u.cpu_s_per_100k;
              "\($o.cpu_s_per_100k | f(2)) vs \($u.cpu_s_per_100k | f(2)) s per 100k"))
      ]
    }' 2>&1
}

# The Markdown tables and the targets, from results.json.
print_report() {
  jq -r '
    def f(n): if . == null then "n/a" else (. * pow(10; n) | round / pow(10; n) | tostring) end;
    def mib: if . == null then "n/a" else (. / 1024 | f(1)) end;
    def row(s; ours): "| \(s.contender) | \(s.qps | round) | \(s.avg_ms | f(3)) | \(s.p99_ms | f(3)) | \(s.lost) | \(s.cpu_s | f(1)) | \(s.peak_rss_kb | mib) | \(if s.contender == "runtime" then "1.00" elif ours then (ours.qps / s.qps | f(2)) + "×" else "n/a" end) |";
    def order: {runtime: 0, agent: 1, unbound: 2, dnsdist: 3, dnsmasq: 4}[.contender];
    . as $r
    | (.summary | group_by(.workload)[] | sort_by(order)) as $w
    | ($w | map(select(.contender == "runtime"))[0]) as $ours
    | "\n### \($w[0].workload)\n",
      "| contender | q/s (median) | avg ms | p99 ms | lost (all rounds) | CPU s / round | peak RSS MiB | our q/s ÷ theirs |",
      "|---|---|---|---|---|---|---|---|",
      ($w[] | row(.; $ours))' "$1"
  jq -r '
    def f(n): if . == null then "n/a" else (. * pow(10; n) | round / pow(10; n) | tostring) end;
    def mib: if . == null then "n/a" else (. / 1024 | f(1)) end;
    def order: {runtime: 0, agent: 1, unbound: 2, dnsdist: 3, dnsmasq: 4}[.contender];
    . as $r
    | "\n### Upstream alone (the reference for w3-miss)\n",
      "dnsperf straight at the upstream (1-thread unbound answering NXDOMAIN from its local zones), w3-miss names, one \(.settings.duration_s) s round:\n",
      (.upstream_alone[] | "- over \(.transport): \(.qps | round) q/s, avg \(.avg_ms | f(3)) ms, p99 \(.p99_ms | f(3)) ms, lost \(.lost), upstream CPU \(.cpu_s | f(1)) s"),
      "\nw3-miss medians against it (each contender forwards misses over its transport):\n",
      (.summary | map(select(.workload == "w3-miss")) | sort_by(order)[]
        | (if .contender == "agent" then "tcp" else "udp" end) as $t
        | ($r.upstream_alone | map(select(.transport == $t))[0].qps) as $up
        | "- \(.contender) (\($t)): \(.qps | round) q/s\(if $up then ", \(.qps / $up * 100 | round)% of the upstream alone" else "" end)"),
      (.settings.latency as $l | "\n### Latency at \($l.offered_qps) q/s offered (\($l.rate_from); \($l.mix); one \($l.seconds) s round)\n"),
      "| contender | answered q/s | p50 ms | p99 ms | p99.9 ms | max ms | hits p99 ms | misses p99 ms | lost | rcodes |",
      "|---|---|---|---|---|---|---|---|---|---|",
      (.fixed_rate | map(select(.phase == "latency")) | sort_by(order)[]
        | "| \(.contender) | \(.qps | round) | \(.p50_ms) | \(.p99_ms) | \(.p999_ms) | \(.max_ms) | \(.hits_p99_ms) | \(.misses_p99_ms) | \(.lost) | \(.rcodes) |"),
      (.settings.cpu as $c | "\n### CPU at \($c.offered_qps) q/s offered (\($c.mix); one \($c.seconds) s round; utime+stime of the server process)\n"),
      "| contender | answered q/s | CPU s | CPU s per 100k queries | ÷ unbound | p99 ms | lost |",
      "|---|---|---|---|---|---|---|",
      ((.fixed_rate | map(select(.phase == "cpu" and .contender == "unbound"))[0].cpu_s_per_100k) as $u
        | .fixed_rate | map(select(.phase == "cpu")) | sort_by(order)[]
        | "| \(.contender) | \(.qps | round) | \(.cpu_s | f(2)) | \(.cpu_s_per_100k | f(3)) | \(if $u then (.cpu_s_per_100k / $u | f(2)) + "×" else "n/a" end) | \(.p99_ms) | \(.lost) |"),
      (.settings.soak as $s | if $s.seconds > 0 then
        "\n### Half-miss soak (\($s.seconds) s at \($s.offered_qps) q/s offered, \($s.mix); after the other phases, same process)\n",
        "| contender | sent | answered | lost | rcodes | p99 ms | max ms | VmRSS before → after MiB | VmHWM MiB |",
        "|---|---|---|---|---|---|---|---|---|",
        ($r.fixed_rate | map(select(.phase == "soak")) | sort_by(order)[]
          | "| \(.contender) | \(.sent) | \(.completed) | \(.lost) | \(.rcodes) | \(.p99_ms) | \(.max_ms) | \(.rss_kb_before | mib) → \(.rss_kb | mib) | \(.peak_rss_kb | mib) |")
        else empty end),
      "\n### Peak RSS through the whole run (each contender one process: every phase above)\n",
      "| contender | VmHWM MiB | VmRSS at the end MiB | CPU s in all |",
      "|---|---|---|---|",
      (.peak_rss | sort_by(order)[] | "| \(.contender) | \(.peak_rss_kb | mib) | \(.rss_kb | mib) | \(.cpu_s | f(1)) |"),
      (if (.rss_table | length) > 0 then
        "\n### RSS growth on fresh processes (misses-only: never-seen names, as fast as answered; hits-only: names cached, then only those for \(.settings.rss_growth.hits_seconds) s)\n",
        "| contender | load | step | VmRSS MiB | VmHWM MiB |",
        "|---|---|---|---|---|",
        (.rss_table | sort_by(order)[] | "| \(.contender) | \(.load) | \(.step) | \(.rss_kb | mib) | \(.peak_rss_kb | mib) |")
        else empty end),
      "\n### Issue 21 targets (agent: as deployed; runtime: lean)\n",
      (if (.targets | length) == 0 then "(none computable: unbound or our contenders not in this run)" else (.targets[] | .line) end)' "$1"
  jq -r '
    def f(n): (. * pow(10; n) | round / pow(10; n) | tostring);
    def s(w; c): .summary | map(select(.workload == w and .contender == c))[0];
    def pass(ok): if ok then "PASS" else "MISS" end;
    . as $r | if ($r | s("w1-hits"; "runtime")) == null then empty else
    "\n### Earlier targets (the first benchmark issue; our runtime)\n",
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
    ($r.rss_growth | if . == null then empty else (.rss_kb_all / .rss_kb_first) as $g
      | "- RSS after \(.names_all) distinct names within 10% of after \(.names_first) (fresh process): \(pass($g <= 1.10)) (\(.rss_kb_first / 1024 | f(1)) → \(.rss_kb_all / 1024 | f(1)) MiB, \((($g - 1) * 100) | f(1))%)" end)
    end' "$1"
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
plot "$TMP/chart.tsv" using 2:xtic(1) title "runtime", '' using 3 title "agent (as deployed)", \
     '' using 4 title "unbound", '' using 5 title "dnsdist", '' using 6 title "dnsmasq"
EOF
}

main() {
  install_packages
  find_jdk
  build_jars
  [[ " ${CONTENDERS[*]} " == *" agent "* ]] && check_agent_corefile
  local t0 t1 stamp c
  t0=$(date +%s)
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  log "${CONTENDERS[*]}: ${WARMUP}s warm-up, $ROUNDS rounds × ${DURATION}s per workload; latency ${LAT_DURATION}s at ${LAT_RATE:-half of unbound w2} q/s;" \
    "CPU ${CPU_DURATION}s at $CPU_RATE q/s; soak ${SOAK}s at $SOAK_RATE q/s; RSS growth over $RSS_NAMES names"
  t1=$t0
  make_query_files
  start_upstream
  log "== upstream alone on 127.0.0.1:$UPSTREAM_PORT"
  measure_upstream
  timing "query files, upstream alone" t1
  for c in "${CONTENDERS[@]}"; do bench "$c"; done
  if ((RSS_NAMES > 0)); then
    for c in "${CONTENDERS[@]}"; do
      soaked "$c" || continue
      t1=$(date +%s)
      rss_growth "$c"
      timing "$c RSS growth" t1
    done
  fi
  mkdir -p bench/results
  assemble_json $(($(date +%s) - t0)) >"$TMP/results.json" || { cat "$TMP/results.json" >&2; exit 1; }
  jq --slurpfile timing "$TMP/timing.jsonl" '. + {phase_seconds: $timing}' "$TMP/results.json" >"bench/results/$stamp.json"
  # only a run of every contender becomes the latest (docs/benchmarks.md shows it)
  local report=bench/results/$stamp.json chart=bench/results/$stamp.png
  if [[ -z ${BENCH_ONLY:-} ]]; then
    cp "$report" bench/results/latest.json
    report=bench/results/latest.json chart=bench/results/latest.png
  fi
  draw_chart "$report" "$chart"
  echo "## node-local-dns benchmark, $(date -u +%F), $(nproc) cores, $ROUNDS rounds × ${DURATION}s, took $(($(date +%s) - t0)) s"
  echo
  jq -r '"phases (s): " + (.phase_seconds | map("\(.phase) \(.seconds)") | join(", "))' "$report"
  print_report "$report"
  echo
  echo "raw: $report, chart: $chart"
}

main
