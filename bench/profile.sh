#!/usr/bin/env bash
# Profiles a running load case with Linux perf: starts a fresh server (temp SQLite, rate limits off,
# loopback) with the runtime's perf map on, drives CASE with bench/run.sh against it, samples the
# server's stacks for SECONDS in the steady state, and writes the top frames (self and inclusive) next
# to the result line. Summaries of these files are in docs/benchmarks.md "Profiles".
#
#   bench/profile.sh CASE LABEL [PORT] [SECONDS]        e.g. bench/profile.sh T5 t5-main 5290 15
#
# Needs `perf` (Debian package linux-perf). Outputs: bench/results/profiles/LABEL.{jsonl,self.txt,children.txt}.
# The perf map (/tmp/perf-PID.map) is removed at the end, so perf.data is kept only as the two reports.
set -euo pipefail
case_name=${1:?CASE}; label=${2:?LABEL}; port=${3:-5290}; seconds=${4:-15}
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/bench/results/profiles; mkdir -p "$out"
command -v perf >/dev/null || { echo "bench/profile.sh needs perf (apt-get install linux-perf)" >&2; exit 2; }
wd=$(mktemp -d /tmp/huddle-prof.XXXXXX)
spid=; lpid=
cleanup() { [ -n "$lpid" ] && kill "$lpid" 2>/dev/null; [ -n "$spid" ] && kill "$spid" 2>/dev/null; wait 2>/dev/null; rm -rf "$wd" "/tmp/perf-$spid.map"; }
trap cleanup EXIT
# Perf maps name JIT-compiled frames; ReadyToRun off so framework code is jitted (and named) too.
( cd "$wd" && exec env DOTNET_PerfMapEnabled=1 DOTNET_ReadyToRun=0 DOTNET_EnableWriteXorExecute=0 \
    Huddle__RateLimits__Enabled=false "ConnectionStrings__Huddle=Data Source=$wd/h.db" \
    Jwt__SigningKey=huddle-bench-signing-key-0123456789-abcdefghijklmnop AllowedHosts=127.0.0.1 \
    dotnet "$root/src/Huddle.Server/bin/Release/net10.0/Huddle.Server.dll" --urls "http://127.0.0.1:$port" ) > "$wd/server.log" 2>&1 &
spid=$!
for _ in $(seq 300); do curl -sf -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.1; done
( cd "$root" && bench/run.sh "$case_name" --no-build --url "http://127.0.0.1:$port" --server-pid "$spid" \
    --label "profile $label" --out "$out/$label.jsonl" ) > "$wd/loadgen.log" 2>&1 &
lpid=$!
# The case warms up for 15 s; sample after it, inside the measured window.
sleep 20
perf record -F 999 -g -p "$spid" -o "$wd/perf.data" -- sleep "$seconds" > "$wd/perf.log" 2>&1
wait "$lpid"; lpid=
perf report -i "$wd/perf.data" --no-children --sort symbol --stdio 2>/dev/null | grep -E "^\s+[0-9.]+%" | head -80 | sed -E 's/[[:space:]]+-[[:space:]]+-[[:space:]]*$//; s/[[:space:]]+$//' > "$out/$label.self.txt"
perf report -i "$wd/perf.data" --children --sort symbol --stdio -g none 2>/dev/null | grep -E "^\s+[0-9.]+%" | head -120 | sed -E 's/[[:space:]]+-[[:space:]]+-[[:space:]]*$//; s/[[:space:]]+$//' > "$out/$label.children.txt"
echo "profile $label: $out/$label.{jsonl,self.txt,children.txt}"
