#!/usr/bin/env bash
# Prints a Markdown table of load-generator results: one row per JSON line of the given files
# (default: every bench/results/*.jsonl written by the load generator). Needs jq.
#   bench/summarize.sh bench/results/T1.jsonl T2.jsonl
set -euo pipefail
results="$(cd "$(dirname "$0")/results" && pwd)"
files=()
for f in "$@"; do [ -f "$f" ] && files+=("$f") || files+=("$results/$f"); done   # a path, or a name in bench/results
[ ${#files[@]} -gt 0 ] || mapfile -t files < <(ls "$results"/*.jsonl)

echo "| case | at (UTC) | sessions × participants | offered/s | achieved/s | ack p50 / p99 ms | broadcast p50 / p95 / p99 / max ms | missed / out of order | errors | held | server CPU cores | load gen CPU cores | machine busy % before / during | server RSS before → connected MB (KB/conn) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for f in "${files[@]}"; do
  jq -r 'select(.tool == "huddle-loadgen") |
    def n(x): if x == null then "–" else (x | tostring) end;
    "| \(.tags.case // .label) | \(.at) | \(.sessions) × \(.participants) | \(.offered_per_s) | \(.achieved_per_s) | \(.ack_ms.p50) / \(.ack_ms.p99) | \(.broadcast_ms.p50) / \(.broadcast_ms.p95) / \(.broadcast_ms.p99) / \(.broadcast_ms.max) | \(.missed_events) / \(.out_of_order_events) | \(if (.errors | length) == 0 then "0" else (.errors | to_entries | map("\(.key) \(.value)") | join(", ")) end)\(if .unanswered > 0 then ", unanswered \(.unanswered)" else "" end)\(if .error then ", run error: \(.error)" else "" end) | \(n(.connections_held))/\(.connections) | \(n(.server.cpu_cores)) | \(n(.loadgen.cpu_cores)) | \(n(.tags.machine_busy_before_pct)) / \(n(.machine.busy_pct)) | \(n(.server.rss_before_mb)) → \(n(.server.rss_connected_mb)) (\(n(.server.rss_per_connection_kb))) |"' "$f"
done
