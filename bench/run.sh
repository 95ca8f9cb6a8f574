#!/usr/bin/env bash
# Runs one Huddle performance case end to end: builds Release, starts a fresh server (temp SQLite
# database, rate limits off, loopback only), waits for /readyz, runs the load generator with
# --server-pid, appends its JSON line to bench/results/<case>.jsonl, and stops the server.
#
#   bench/run.sh CASE [options] [-- extra Huddle.LoadGen flags]
#
# Cases (docs/benchmarks.md has the targets):
#   tiny  2 sessions x 3 participants,    20 mutations/s, 5 s   (correctness check of the tool)
#   T1    10 x 10 at 1500/s, 20 s          T2  100 x 10 at 1500/s, 20 s
#   T3    20 x 50 at  400/s, 20 s          T4  1000 x 10 at 200/s, 20 s (10,000 connections)
#   T5    1 x 1000 at  50/s, 20 s          T7  process start -> /readyz OK, 3 starts
#   growth      p99 and server CPU vs participants per session (1 x 10/50/200/1000 at 50/s)
#               and vs sessions (10/100/1000 x 10 at 200/s); 10 s each after 10 s warm-up
#   sweep-Tn    the shape of Tn at rising rates (--rates a,b,c), 10 s each after 15 s warm-up; stops after the first rate whose
#               broadcast p99 is >= 100 ms or that falls short of its offered rate
#   micro       the BenchmarkDotNet micro-benchmarks (extra flags after -- go to BenchmarkDotNet)
#
# Options:
#   --duration S --warmup S --rate R   override the case's values (not for growth)
#   --rates a,b,c                      rates of a sweep
#   --port P                           first server port (default 5190)
#   --db-dir DIR                       folder of the temp SQLite file (default /tmp; /dev/shm = tmpfs, no fsync cost)
#   --server-env K=V                   extra server environment variable (repeatable)
#   --provider sqlite|postgres         postgres: sets Storage__Provider=Postgres; give the connection string with
#                                      --server-env ConnectionStrings__Huddle=... (T6; this server build has no
#                                      Postgres store yet, so it will refuse to start — the hook is here for later)
#   --nodes N                          server processes sharing the database (N > 1 needs postgres); participants
#                                      are spread round-robin over their URLs, every pid is sampled
#   --url URL                          use an already running server instead (repeatable; no CPU/RSS unless --server-pid)
#   --server-pid PID                   with --url: the process to sample
#   --label TEXT                       copied into the result line
#   --out FILE                         results file (default bench/results/<case>.jsonl)
#   --wait-idle S                      before each start, wait up to S s for the machine to be under 25 % busy
#                                      (other work shares these two cores); the busy share seen is recorded
#   --no-build                         skip dotnet build
#   --one-core                         start the server already pinned to core 0 (`taskset -c 0`, so the runtime
#                                      sizes its thread pool and GC for one core) and the load generator on core 1
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
results="$root/bench/results"
server_dll="$root/src/Huddle.Server/bin/Release/net10.0/Huddle.Server.dll"
loadgen_dll="$root/bench/Huddle.LoadGen/bin/Release/net10.0/Huddle.LoadGen.dll"

case_name="${1:-}"
[ -n "$case_name" ] || { sed -n '2,36p' "$0"; exit 2; }
shift

one_core=0 duration="" warmup="" rate="" rates="" port=5190 db_dir=/tmp provider=sqlite nodes=1 label="" out="" build=1 wait_idle=0
server_env=() external_urls=() external_pids=() extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --rates) rates="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --db-dir) db_dir="$2"; shift 2 ;;
    --server-env) server_env+=("$2"); shift 2 ;;
    --provider) provider="$2"; shift 2 ;;
    --nodes) nodes="$2"; shift 2 ;;
    --url) external_urls+=("$2"); shift 2 ;;
    --server-pid) external_pids+=("$2"); shift 2 ;;
    --label) label="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --one-core) one_core=1; shift ;;
    --wait-idle) wait_idle="$2"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

if [ "$provider" = postgres ]; then
  server_env+=("Storage__Provider=Postgres")
elif [ "$nodes" -gt 1 ]; then
  echo "--nodes $nodes needs --provider postgres: SQLite nodes cannot share a database." >&2; exit 2
fi

mkdir -p "$results"
server_pin=() loadgen_pin=()
if [ "$one_core" = 1 ]; then
  command -v taskset >/dev/null || { echo "--one-core needs taskset (Debian package util-linux)" >&2; exit 2; }
  server_pin=(taskset -c 0) loadgen_pin=(taskset -c 1)
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# 10,000 client sockets in one process, and as many in the server: lift the soft limit to the hard one.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

if [ "$build" = 1 ]; then
  if [ "$case_name" = micro ]; then
    dotnet build "$root/bench/Huddle.Benchmarks" -c Release -p:SkipWebApp=true -nologo -clp:ErrorsOnly >&2
  else
    dotnet build "$root/bench/Huddle.LoadGen" -c Release -nologo -clp:ErrorsOnly >&2
    dotnet build "$root/src/Huddle.Server" -c Release -p:SkipWebApp=true -nologo -clp:ErrorsOnly >&2
  fi
fi

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Percent of both cores busy over the next 2 s, from /proc/stat.
machine_busy() {
  local a b
  read -r _ a1 a2 a3 a4 a5 a6 a7 a8 _ < /proc/stat; sleep 2
  read -r _ b1 b2 b3 b4 b5 b6 b7 b8 _ < /proc/stat
  a=$(( (b1 + b2 + b3 + b6 + b7 + b8) - (a1 + a2 + a3 + a6 + a7 + a8) ))
  b=$(( a + (b4 + b5) - (a4 + a5) ))
  echo $(( b > 0 ? 100 * a / b : 0 ))
}

busy_before=""
wait_for_idle() {
  [ "$wait_idle" -gt 0 ] || return 0
  local end=$(( $(date +%s) + wait_idle ))
  while :; do
    busy_before=$(machine_busy)
    [ "$busy_before" -lt 25 ] && return 0
    if [ "$(date +%s)" -ge "$end" ]; then echo "machine still ${busy_before}% busy after ${wait_idle} s; running anyway" >&2; return 0; fi
  done
}

server_pids=() server_urls=() work_dir=""
# Starts $nodes fresh servers; sets server_pids, server_urls and ready_ms (start of the first -> all ready).
start_servers() {
  wait_for_idle
  work_dir="$(mktemp -d /tmp/huddle-bench.XXXXXX)"
  local db="$db_dir/huddle-bench-$$-$RANDOM.db"
  local env=(
    "Huddle__RateLimits__Enabled=false"        # one IP creates every session and holds every connection
    "ConnectionStrings__Huddle=Data Source=$db"
    "Jwt__SigningKey=huddle-bench-signing-key-0123456789-abcdefghijklmnop"  # Production requires one
    "AllowedHosts=127.0.0.1"                   # Production requires PublicBaseUrl or named hosts (join links)
  )
  env+=("${server_env[@]}")
  server_pids=() server_urls=()
  local start; start=$(now_ms)
  local node node_port url
  for ((node = 0; node < nodes; node++)); do
    node_port=$((port + node))
    ( cd "$work_dir" && exec "${server_pin[@]}" env "${env[@]}" dotnet "$server_dll" --urls "http://127.0.0.1:$node_port" ) >"$work_dir/server-$node.log" 2>&1 &
    server_pids+=("$!")
    server_urls+=("http://127.0.0.1:$node_port")
  done
  for url in "${server_urls[@]}"; do
    local deadline=$(( $(now_ms) + 60000 ))
    until curl -sf -o /dev/null "$url/readyz"; do
      if [ "$(now_ms)" -gt "$deadline" ] || ! kill -0 "${server_pids[0]}" 2>/dev/null; then
        echo "server at $url did not become ready; its log:" >&2; tail -20 "$work_dir"/server-*.log >&2; stop_servers; exit 1
      fi
      sleep 0.01
    done
  done
  ready_ms=$(( $(now_ms) - start ))
  server_db="$db"
}

stop_servers() {
  for pid in "${server_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${server_pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  server_pids=()
  [ -n "${server_db:-}" ] && rm -f "$server_db" "$server_db-wal" "$server_db-shm"
  [ -n "$work_dir" ] && rm -rf "$work_dir"
  return 0
}
trap stop_servers EXIT

# run_load NAME SESSIONS PARTICIPANTS RATE DURATION WARMUP: one load-generator run, one JSON line.
run_load() {
  local name="$1" m="$2" n="$3" r="$4" d="$5" w="$6"
  local file="${out:-$results/$name.jsonl}"
  local urls=() pids=()
  if [ ${#external_urls[@]} -gt 0 ]; then
    urls=("${external_urls[@]}"); pids=("${external_pids[@]}"); ready_ms=""
  else
    start_servers; urls=("${server_urls[@]}"); pids=("${server_pids[@]}")
  fi
  local args=(--sessions "$m" --participants "$n" --rate "$r" --duration "$d" --warmup "$w" --label "$label"
              --tag "case=$name" --tag "provider=$provider" --tag "nodes=${#urls[@]}" --tag "db_dir=$db_dir"
              --tag "server_ready_ms=${ready_ms:-}" --tag "machine_busy_before_pct=$busy_before" --tag "server_cores=$([ "$one_core" = 1 ] && echo 1 || echo all)" --tag "commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo none)")
  local u pid
  for u in "${urls[@]}"; do args+=(--url "$u"); done
  for pid in "${pids[@]}"; do args+=(--server-pid "$pid"); done
  echo "== $name: $m sessions x $n participants at $r/s for $d s (+$w s warm-up)" >&2
  local line
  line="$("${loadgen_pin[@]}" dotnet "$loadgen_dll" "${args[@]}" "${extra[@]}")" || true
  echo "$line" >>"$file"
  echo "$line"
  [ ${#external_urls[@]} -gt 0 ] || stop_servers
  last_line="$line"
}

# Reads a number out of the last JSON line without jq: json_num '"broadcast_ms":{[^}]*"p99":' -> value.
json_num() { grep -oE "$1[0-9.eE+-]+" <<<"$last_line" | head -1 | grep -oE '[0-9.eE+-]+$' || echo 0; }

shape() { # sessions participants rate of a named case
  case "$1" in
    T1) echo "10 10 1500" ;; T2) echo "100 10 1500" ;; T3) echo "20 50 400" ;;
    T4) echo "1000 10 200" ;; T5) echo "1 1000 50" ;; tiny) echo "2 3 20" ;;
    *) echo "unknown case $1" >&2; exit 2 ;;
  esac
}

case "$case_name" in
  tiny|T1|T2|T3|T4|T5)
    [ "$case_name" = tiny ] && dotnet "$loadgen_dll" --self-test >&2
    read -r m n r <<<"$(shape "$case_name")"
    d_default=20 w_default=15
    [ "$case_name" = tiny ] && d_default=5 w_default=1
    run_load "$case_name" "$m" "$n" "${rate:-$r}" "${duration:-$d_default}" "${warmup:-$w_default}"
    ;;
  T7)
    file="${out:-$results/T7.jsonl}"
    for i in 1 2 3; do
      start_servers
      line="{\"tool\":\"run.sh\",\"case\":\"T7\",\"label\":\"$label\",\"at\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"run\":$i,\"database\":\"fresh\",\"nodes\":$nodes,\"start_to_ready_ms\":$ready_ms,\"machine_busy_before_pct\":\"$busy_before\"}"
      echo "$line" | tee -a "$file"
      stop_servers
    done
    ;;
  growth)
    for n in 10 50 200 1000; do run_load growth-participants 1 "$n" 50 "${duration:-10}" "${warmup:-10}"; done
    for m in 10 100 1000; do run_load growth-sessions "$m" 10 200 "${duration:-10}" "${warmup:-10}"; done
    ;;
  sweep-*)
    base="${case_name#sweep-}"
    read -r m n r <<<"$(shape "$base")"
    [ -n "$rates" ] || rates="$((r / 4)),$((r / 2)),$r,$((r * 2)),$((r * 4))"
    IFS=, read -ra list <<<"$rates"
    for rr in "${list[@]}"; do
      run_load "$case_name" "$m" "$n" "$rr" "${duration:-10}" "${warmup:-15}"
      p99="$(json_num '"broadcast_ms":\{[^}]*"p99":')"
      achieved="$(json_num '"achieved_per_s":')"
      if awk -v p="$p99" -v a="$achieved" -v r="$rr" 'BEGIN { exit !(p >= 100 || a < 0.95 * r) }'; then
        echo "== $case_name stops at $rr/s: broadcast p99 $p99 ms, achieved $achieved/s" >&2; break
      fi
    done
    ;;
  micro)
    mkdir -p "$results/bdn"
    (cd "$results/bdn" && dotnet "$root/bench/Huddle.Benchmarks/bin/Release/net10.0/Huddle.Benchmarks.dll" --sizes | tee sizes.txt \
      && dotnet "$root/bench/Huddle.Benchmarks/bin/Release/net10.0/Huddle.Benchmarks.dll" --filter '*' --artifacts "$results/bdn" --exporters github "${extra[@]}")
    ;;
  *) echo "unknown case $case_name (tiny T1 T2 T3 T4 T5 T7 growth sweep-Tn micro)" >&2; exit 2 ;;
esac
