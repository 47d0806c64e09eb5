#!/usr/bin/env bash
# What LLM Bridge adds to a call, measured against the same load sent straight to a mock upstream
# and through an nginx proxy_pass hop, in the same run (issue 8; method in docs/performance.md).
#
# Usage: bench/run.sh
# Environment (all optional):
#   BENCH_DURATION=10s        length of each measured wrk run
#   BENCH_WARMUP=15s          gateway warm-up (JIT) per mode before measuring
#   BENCH_REWARM=5s           load on the gateway, not measured, right before each of its measured
#                             runs: the direct and nginx runs leave it idle, and the first requests
#                             after that deoptimise a few hundred compiled methods (0s: none)
#   BENCH_CONNECTIONS="1 16 64"
#   BENCH_MODES="json sse"    json = non-streaming, sse = streaming
#   BENCH_OUT=bench/out/<UTC time>   where raw wrk output, logs and results go
#   NGINX_WORKERS=auto        nginx worker_processes (mock upstream and proxy hop share them)
#   JAVA_OPTS=                extra JVM options for the gateway, after configs/jvm.options (as bin/llm-bridge)
#   JAVA=                     the java binary (default: JAVA_HOME, then the newest JDK 21+ found)
#   BENCH_ACCOUNTING=on       off: no usage rows are written (store.usage_rows: false), to measure
#                             what accounting costs
#   BENCH_LIMITS=off          memory | redis: the gateway runs with limits on every request (rpm,
#                             tpm, concurrent and a daily token budget, all too high to refuse),
#                             kept in memory or in the Redis at BENCH_REDIS_URL (redis://127.0.0.1:6379)
#   BENCH_REDIS_CREDIT=on     off: with BENCH_LIMITS=redis, Redis decides every admission
#                             (limits.redis_credit: false), to measure the round trips alone
#   BENCH_TRACING=off         on: the gateway traces requests (a tracing section, sample_ratio
#                             BENCH_TRACING_RATIO, default 1.0: every request) and exports the spans
#                             over OTLP/HTTP to a sink the bench's nginx serves on 18086 (it answers
#                             POST /v1/traces with 200, empty body)
#
# Needs: bash, curl, awk, a JDK 21+, Maven when the jar is not built yet; nginx and wrk are
# installed from Debian's packages when missing. Uses ports 18081-18086 on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-15s}
REWARM=${BENCH_REWARM:-5s}
CONNECTIONS=${BENCH_CONNECTIONS:-1 16 64}
MODES=${BENCH_MODES:-json sse}
OUT=${BENCH_OUT:-bench/out/$(date -u +%Y%m%dT%H%M%SZ)}
case $OUT in /*) ;; *) OUT=$ROOT/$OUT ;; esac # nginx needs absolute paths
WORKERS=${NGINX_WORKERS:-auto}
LIMITS=${BENCH_LIMITS:-off}
ACCOUNTING=${BENCH_ACCOUNTING:-on}
TRACING=${BENCH_TRACING:-off}
REDIS_CREDIT=${BENCH_REDIS_CREDIT:-on}
TRACING_RATIO=${BENCH_TRACING_RATIO:-1.0}
REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
JAR=bootstrap/target/llm-bridge.jar
KEY=sk-bench-$$-$(date +%s) # at least 16 characters, as the gateway demands
GATEWAY_PORT=18085
OTLP_PORT=18086
declare -A DIRECT_PORT=([json]=18081 [sse]=18082) PROXY_PORT=([json]=18083 [sse]=18084)
declare -A MODEL=([json]=mockjson/gpt-4o-mini [sse]=mocksse/gpt-4o-mini) STREAM=([json]=0 [sse]=1)
PATH_=/v1/chat/completions

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }

# ---- tools -----------------------------------------------------------------------------------
install_tools() {
  local missing=()
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  [ ${#missing[@]} -eq 0 ] && return
  command -v apt-get >/dev/null 2>&1 || die "please install: ${missing[*]}"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  say "bench: installing ${missing[*]} from Debian packages ..."
  $sudo apt-get update -qq >&2
  # The Debian package may try to start a system nginx on port 80; this script never uses it.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
}
NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)

java_major() { # JAVA_VERSION from a JDK's release file, else from the binary itself
  local home; home=$(dirname "$(dirname "$1")")
  if [ -f "$home/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release"
  else
    "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
  fi
}
find_java() {
  [ -n "${JAVA:-}" ] && { echo "$JAVA"; return; }
  local best="" best_v=0 v c
  for c in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null || true)" /usr/lib/jvm/*/bin/java; do
    [ -x "$c" ] || continue
    v=$(java_major "$c"); v=${v:-0}
    if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best=$c; best_v=$v; fi
  done
  [ -n "$best" ] || die "no JDK 21 or newer found; set JAVA or JAVA_HOME"
  echo "$best"
}

build_if_needed() {
  if [ ! -f "$JAR" ] || [ -n "$(find . -path ./bootstrap/target -prune -o -path ./bench -prune -o \
      \( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources/*' \) -newer "$JAR" -print -quit)" ]; then
    say "bench: building $JAR ..."
    mvn -B -q -DskipTests package >&2
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---- processes -------------------------------------------------------------------------------
NGINX_PID="" GATEWAY_PID=""
cleanup() {
  if [ -n "$GATEWAY_PID" ]; then kill "$GATEWAY_PID" 2>/dev/null || true; wait "$GATEWAY_PID" 2>/dev/null || true; fi
  if [ -n "$NGINX_PID" ]; then kill -QUIT "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true; fi
  GATEWAY_PID="" NGINX_PID=""
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_nginx() {
  mkdir -p "$OUT/nginx/tmp"
  sed -e "s#@WORK@#$OUT/nginx#g" -e "s#@MOCK@#$ROOT/bench/mock#g" -e "s#@WORKERS@#$WORKERS#g" \
    bench/nginx.conf.template > "$OUT/nginx/nginx.conf"
  "$NGINX" -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf" -e "$OUT/nginx/nginx-error.log" &
  NGINX_PID=$!
  local i; for i in $(seq 100); do
    port_in_use $OTLP_PORT && return
    kill -0 "$NGINX_PID" 2>/dev/null || die "nginx did not start; see $OUT/nginx/nginx-error.log"
    sleep 0.05
  done
  die "nginx did not open its ports"
}

request_body() { # $1 = mode
  local body; body=$(sed "s#\"model\": \"MODEL\"#\"model\": \"${MODEL[$1]}\"#" bench/mock/request.json)
  [ "${STREAM[$1]}" = 1 ] && body="${body%\}}, \"stream\": true, \"stream_options\": {\"include_usage\": true}}"
  printf '%s' "$body"
}
post() { # $1 = port, $2 = mode; prints the body, fails on a non-2xx status
  curl -sS -f --max-time 5 -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $KEY" \
    --data-binary "$(request_body "$2")" "http://127.0.0.1:$1$PATH_"
}

# bench/config.yaml with this run's own store, and what BENCH_ACCOUNTING, BENCH_LIMITS and
# BENCH_TRACING ask for.
gateway_config() {
  local config=$OUT/gateway-config.yaml
  cp bench/config.yaml "$config"
  # The embedded store of this run, never the repository's data/.
  printf 'store:\n  url: "jdbc:h2:file:%s/store/llm-bridge"\n' "$OUT" >> "$config"
  case $ACCOUNTING in
    on) ;;
    off) echo "  usage_rows: false" >> "$config" ;;
  esac
  case $LIMITS in
    off) ;;
    memory|redis)
      {
        echo "limits:"
        echo "  backend: $LIMITS"
        [ "$LIMITS" = redis ] && echo "  redis_url: $REDIS_URL" && echo "  redis_key_prefix: llmbridge-bench:$$"
        [ "$LIMITS" = redis ] && [ "$REDIS_CREDIT" = off ] && echo "  redis_credit: false"
        echo "  default: {rpm: 1000000000, tpm: 1000000000000, concurrent: 100000, daily_tokens: 1000000000000}"
        echo "  global: {rpm: 1000000000}"
      } >> "$config" ;;
  esac
  case $TRACING in
    off) ;;
    on)
      {
        echo "tracing:"
        echo "  otlp_endpoint: http://127.0.0.1:$OTLP_PORT"
        echo "  sample_ratio: $TRACING_RATIO"
        echo "  service_name: llm-bridge-bench"
      } >> "$config" ;;
  esac
  echo "$config"
}

start_gateway() {
  local java; java=$(find_java)
  JAVA_VERSION_TEXT=$("$java" -version 2>&1 | head -1)
  local t0 t1
  t0=$(date +%s%N)
  ACCESS_API_KEYS=$KEY SERVER_PORT=$GATEWAY_PORT LLM_BRIDGE_ENV_FILE=/nonexistent \
    "$java" @configs/jvm.options ${JAVA_OPTS:-} -jar "$JAR" --config "$(gateway_config)" > "$OUT/gateway.log" 2>&1 &
  GATEWAY_PID=$!
  local deadline=$((t0 + 30000000000))
  until post $GATEWAY_PORT json >/dev/null 2>&1; do
    kill -0 "$GATEWAY_PID" 2>/dev/null || die "the gateway exited; see $OUT/gateway.log"
    [ "$(date +%s%N)" -lt $deadline ] || die "the gateway did not answer within 30 s; see $OUT/gateway.log"
    sleep 0.005
  done
  t1=$(date +%s%N)
  FIRST_REQUEST_MS=$(( (t1 - t0) / 1000000 ))
}

# Each answer must be the whole canned one: JSON with its usage, or 40 events then [DONE].
smoke_check() { # $1 = port, $2 = mode, $3 = label
  local body events
  body=$(post "$1" "$2") || die "$3 $2: request failed"
  if [ "$2" = json ]; then
    grep -q '"object": *"chat.completion"' <<<"$body" && grep -q '"total_tokens"' <<<"$body" \
      || die "$3 $2: unexpected answer: ${body:0:200}"
  else
    events=$(grep -c '^data: {' <<<"$body" || true)
    [ "$events" -eq 40 ] && [ "$(tail -n1 <<<"$body")" = "data: [DONE]" ] \
      || die "$3 $2: expected 40 events then [DONE], got $events events"
  fi
}

gateway_cpu_ticks() { awk '{print $14 + $15}' "/proc/$GATEWAY_PID/stat"; }

# The gateway's CPU ticks per group of threads (digits in a thread's name folded to N, so the
# request threads' carriers are one group): name<TAB>ticks, one line each.
gateway_thread_ticks() {
  cat /proc/"$GATEWAY_PID"/task/*/stat 2>/dev/null | awk '{
    name = substr($0, index($0, "(") + 1); at = match(name, /\) [A-Z] [0-9-]+ /); rest = substr(name, at + 2); name = substr(name, 1, at - 1)
    gsub(/[0-9]+/, "N", name); split(rest, f, " "); ticks[name] += f[12] + f[13]
  } END { for (name in ticks) printf "%s\t%d\n", name, ticks[name] }'
}

# Per request, what each group of threads spent between two gateway_thread_ticks files, largest
# first: $1 = before, $2 = after, $3 = requests.
thread_split() {
  awk -F'\t' -v n="$3" -v hz="$(getconf CLK_TCK)" 'NR == FNR { before[$1] = $2; next }
    { spent = $2 - before[$1]; if (spent > 0 && n > 0) printf "%.1f\t%s\n", spent / hz * 1e6 / n, $1 }' "$1" "$2" | sort -rn
}

run_wrk() { # $1 = port, $2 = mode, $3 = connections, $4 = duration, $5 = raw output file
  local ticks=0 line
  if [ "$1" = "$GATEWAY_PORT" ]; then
    ticks=$(gateway_cpu_ticks)
    gateway_thread_ticks > "$5.threads-before"
  fi
  BENCH_MODEL=${MODEL[$2]} BENCH_STREAM=${STREAM[$2]} BENCH_REQUEST=$ROOT/bench/mock/request.json BENCH_KEY=$KEY \
    wrk -t1 -c"$3" -d"$4" --timeout 5s --latency -s bench/chat.lua "http://127.0.0.1:$1$PATH_" > "$5" 2>&1 || true
  line=$(grep '^RESULT ' "$5" | sed 's/^RESULT //') || line="requests=0 rps=0 p50_ms=0 p99_ms=0 non2xx=0 connect=0 read=0 write=0 timeout=0 failed=1"
  # The gateway's own CPU time per request, and the machine's load: what a shared machine did to the run.
  if [ "$1" = "$GATEWAY_PORT" ]; then
    local requests; requests=$(sed -n 's/^requests=\([0-9]*\).*/\1/p' <<<"$line")
    line="$line cpu_us=$(awk -v t="$(( $(gateway_cpu_ticks) - ticks ))" -v hz="$(getconf CLK_TCK)" -v n="$requests" \
      'BEGIN { printf "%.0f", (n > 0 ? t / hz * 1e6 / n : 0) }')"
    gateway_thread_ticks > "$5.threads-after"
    thread_split "$5.threads-before" "$5.threads-after" "${requests:-0}" > "${5%.txt}-threads.tsv"
    rm -f "$5.threads-before" "$5.threads-after"
  fi
  echo "$line load=$(cut -d' ' -f1 /proc/loadavg)"
}

# ---- run -------------------------------------------------------------------------------------
# Checked here: a die inside gateway_config's $(...) would only stop that subshell.
case $ACCOUNTING in on|off) ;; *) die "BENCH_ACCOUNTING must be on or off, not '$ACCOUNTING'" ;; esac
case $LIMITS in off|memory|redis) ;; *) die "BENCH_LIMITS must be off, memory or redis, not '$LIMITS'" ;; esac
case $REDIS_CREDIT in on|off) ;; *) die "BENCH_REDIS_CREDIT must be on or off, not '$REDIS_CREDIT'" ;; esac
[[ $TRACING_RATIO =~ ^(0(\.[0-9]+)?|1(\.0+)?)$ ]] || die "BENCH_TRACING_RATIO must be a number from 0 to 1, not '$TRACING_RATIO'"
case $TRACING in off|on) ;; *) die "BENCH_TRACING must be off or on, not '$TRACING'" ;; esac
install_tools
build_if_needed
for p in 18081 18082 18083 18084 $GATEWAY_PORT $OTLP_PORT; do
  port_in_use $p && die "port $p on 127.0.0.1 is in use; stop what listens there first"
done
mkdir -p "$OUT"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
start_nginx
start_gateway
say "bench: gateway served its first request ${FIRST_REQUEST_MS} ms after its process started"
for mode in $MODES; do
  smoke_check "${DIRECT_PORT[$mode]}" "$mode" direct
  smoke_check "${PROXY_PORT[$mode]}" "$mode" nginx
  smoke_check $GATEWAY_PORT "$mode" gateway
done
for mode in $MODES; do
  say "bench: warming up the gateway ($mode, $WARMUP) ..."
  run_wrk $GATEWAY_PORT "$mode" 16 "$WARMUP" "$OUT/warmup-$mode.txt" >/dev/null
done

RESULTS=$OUT/results.tsv
printf 'mode\tconnections\ttarget\t%s\n' "wrk" > "$RESULTS"
for mode in $MODES; do
  for c in $CONNECTIONS; do
    for target in direct nginx gateway; do
      case $target in
        direct) port=${DIRECT_PORT[$mode]} ;;
        nginx) port=${PROXY_PORT[$mode]} ;;
        gateway) port=$GATEWAY_PORT ;;
      esac
      if [ $target = gateway ] && [ "$REWARM" != 0s ]; then
        say "bench: $mode, $c connection(s), gateway warmed up again ($REWARM, not measured) ..."
        run_wrk "$port" "$mode" "$c" "$REWARM" "$OUT/rewarm-$mode-c$c.txt" >/dev/null
      fi
      say "bench: $mode, $c connection(s), $target ($DURATION) ..."
      line=$(run_wrk "$port" "$mode" "$c" "$DURATION" "$OUT/wrk-$mode-c$c-$target.txt")
      printf '%s\t%s\t%s\t%s\n' "$mode" "$c" "$target" "$line" >> "$RESULTS"
    done
  done
done

RSS_KB=$(awk '/^VmRSS:/ {print $2}' "/proc/$GATEWAY_PID/status")
HWM_KB=$(awk '/^VmHWM:/ {print $2}' "/proc/$GATEWAY_PID/status")
# What the gateway keeps once garbage is collected (the heap it grew under load stays committed
# otherwise): informational, the target is judged on the RSS above.
GC_RSS_KB=""
JCMD=$(dirname "$(find_java)")/jcmd
if [ -x "$JCMD" ] && "$JCMD" "$GATEWAY_PID" GC.run >/dev/null 2>&1; then
  sleep 2 # G1 gives the freed heap back to the OS in the background
  GC_RSS_KB=$(awk '/^VmRSS:/ {print $2}' "/proc/$GATEWAY_PID/status")
  LIVE_HEAP=$("$JCMD" "$GATEWAY_PID" GC.heap_info 2>/dev/null | sed -n 's/.*used \([0-9]*\)K.*/\1/p' | head -1)
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
cleanup

# ---- report ----------------------------------------------------------------------------------
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- . ':!bench/out' 2>/dev/null || COMMIT="$COMMIT+uncommitted"
{
  echo "# LLM Bridge benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "- commit: $COMMIT"
  echo "- machine: $(nproc) CPU(s), $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo), $(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
  echo "- load average (1/5/15 min): before $LOAD_BEFORE, after $LOAD_AFTER"
  echo "- $JAVA_VERSION_TEXT; configs/jvm.options: $(sed 's/#.*//' configs/jvm.options | xargs); JAVA_OPTS='${JAVA_OPTS:-}'; $("$NGINX" -v 2>&1 | sed 's/^nginx version: //') (worker_processes $WORKERS); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "- wrk -t1 --latency, $DURATION per run, gateway warmed up $WARMUP per mode at 16 connections and again $REWARM right before each of its runs; accounting: $ACCOUNTING; limits: $LIMITS (Redis credit: $REDIS_CREDIT); tracing: $TRACING (ratio $TRACING_RATIO)"
  echo
  awk -F'\t' -v rss="$RSS_KB" -v hwm="$HWM_KB" -v gcrss="$GC_RSS_KB" -v live="${LIVE_HEAP:-}" -v first="$FIRST_REQUEST_MS" '
    function val(s, k,   n, i, kv) { n = split(s, kv, " "); for (i = 1; i <= n; i++) if (index(kv[i], k "=") == 1) return substr(kv[i], length(k) + 2); return 0 }
    function errs(s) { return val(s, "non2xx") + val(s, "connect") + val(s, "read") + val(s, "write") + val(s, "timeout") + val(s, "failed") }
    NR == 1 { next }
    { key = $1 SUBSEP $2; r[key, $3] = $4; if (!(key in seen)) { seen[key] = 1; order[++n] = key } }
    END {
      print "| mode | conns | target | req/s | p50 ms | p99 ms | errors | ÷ direct | ÷ nginx | added p50 ms | gateway CPU µs/req | load |"
      print "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
      for (i = 1; i <= n; i++) {
        split(order[i], k, SUBSEP); mode = k[1]; c = k[2]
        d = r[order[i], "direct"]; x = r[order[i], "nginx"]; g = r[order[i], "gateway"]
        split("direct nginx gateway", ts, " ")
        for (j = 1; j <= 3; j++) {
          s = r[order[i], ts[j]]
          rd = val(d, "rps") > 0 ? sprintf("%.2f", val(s, "rps") / val(d, "rps")) : "-"
          rx = val(x, "rps") > 0 ? sprintf("%.2f", val(s, "rps") / val(x, "rps")) : "-"
          add = sprintf("%+.3f", val(s, "p50_ms") - val(d, "p50_ms"))
          if (ts[j] == "direct") { rd = ""; add = "" }
          if (ts[j] != "gateway") rx = ""
          printf "| %s | %s | %s | %.0f | %.3f | %.3f | %d | %s | %s | %s | %s | %s |\n", (mode == "sse" ? "stream" : "json"), c, ts[j],
            val(s, "rps"), val(s, "p50_ms"), val(s, "p99_ms"), errs(s), rd, rx, add, (ts[j] == "gateway" ? val(s, "cpu_us") : ""), val(s, "load")
        }
      }
      print ""
      printf "Gateway resident memory after the run: %.0f MiB (peak %.0f MiB)", rss / 1024, hwm / 1024
      if (gcrss != "") printf "; after a full GC: %.0f MiB, live heap %.0f MiB", gcrss / 1024, live / 1024
      print "; first request served " first " ms after the process started."
      print ""
      print "| target (issue 8) | measured | met |"
      print "|---|---|---|"
      check("non-streaming, 16 connections: gateway ≥ 50% of nginx hop", "json", 16, "ratio", 0.50)
      check("streaming, 16 connections: gateway ≥ 40% of nginx hop", "sse", 16, "ratio", 0.40)
      check("one connection, non-streaming: added p50 ≤ 0.25 ms", "json", 1, "added", 0.25)
      check("one connection, streaming: added p50 ≤ 0.25 ms", "sse", 1, "added", 0.25)
      check("no errors at 64 connections (non-streaming)", "json", 64, "errors", 0)
      check("no errors at 64 connections (streaming)", "sse", 64, "errors", 0)
      printf "| resident memory ≤ 300 MiB after the run | %.0f MiB | %s |\n", rss / 1024, (rss / 1024 <= 300 ? "yes" : "NO")
      printf "| first request ≤ 1.5 s after start | %d ms | %s |\n", first, (first <= 1500 ? "yes" : "NO")
    }
    function check(label, mode, c, what, limit,   key, g, d, x, v, ok, shown) {
      key = mode SUBSEP c
      if (!(key in seen)) { printf "| %s | not run | - |\n", label; return }
      g = r[key, "gateway"]; d = r[key, "direct"]; x = r[key, "nginx"]
      if (what == "ratio") { v = val(x, "rps") > 0 ? val(g, "rps") / val(x, "rps") : 0; ok = v >= limit; shown = sprintf("%.0f%%", v * 100) }
      if (what == "added") { v = val(g, "p50_ms") - val(d, "p50_ms"); ok = v <= limit; shown = sprintf("%+.3f ms", v) }
      if (what == "errors") { v = errs(g); ok = v == 0; shown = v " errors" }
      printf "| %s | %s | %s |\n", label, shown, (ok ? "yes" : "NO")
    }
  ' "$RESULTS"
  echo
  echo "Gateway CPU per request by thread group (µs; /proc, ticks of 1/$(getconf CLK_TCK) s, so small figures are coarse):"
  echo
  for split in "$OUT"/wrk-*-gateway-threads.tsv; do
    [ -s "$split" ] || continue
    run=${split##*/wrk-}; run=${run%-gateway-threads.tsv}
    echo "- $run: $(head -n 8 "$split" | awk -F'\t' '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1 }')"
  done
} > "$OUT/results.md"
cat "$OUT/results.md"
say "bench: results in $OUT/results.md (raw wrk output and logs beside it)"
