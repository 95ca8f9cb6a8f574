#!/usr/bin/env bash
# Runs every Huddle test: domain and server tests (real HTTP, hub, SQLite and a throwaway
# PostgreSQL cluster, two server processes behind nginx, real processes killed with SIGKILL),
# the server's API, hub and restart tests a second time on PostgreSQL, then the web app's
# browser tests in headless Chromium. Needs postgresql and nginx installed (.ci/run does that).
# Prints one closing line "N passed, N failed"; exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

dotnet build Huddle.slnx -c Release -nologo -clp:ErrorsOnly || exit 1
dotnet test Huddle.slnx -c Release --no-build -nologo 2>&1 | tee -a "$log" || status=1
HUDDLE_TEST_STORAGE=postgres dotnet test tests/Huddle.Server.Tests -c Release --no-build -nologo \
  --filter "FullyQualifiedName~.Api.|FullyQualifiedName~.Hub.|FullyQualifiedName~.Durability." 2>&1 | tee -a "$log" || status=1

if [ -f web/package.json ]; then
  export HUDDLE_SERVER_DLL="$PWD/src/Huddle.Server/bin/Release/net10.0/Huddle.Server.dll"
  (cd web && npm run --silent test:e2e) 2>&1 | tee -a "$log" || status=1
fi

passed=0
failed=0
# dotnet test: "Passed!  - Failed:     0, Passed:    26, Skipped: ..."
while read -r f p; do
  failed=$((failed + f)); passed=$((passed + p))
done < <(grep -oE 'Failed: +[0-9]+, Passed: +[0-9]+' "$log" | sed -E 's/Failed: +([0-9]+), Passed: +([0-9]+)/\1 \2/')
# node --test: "# pass 9" / "# fail 0"
while read -r n; do passed=$((passed + n)); done < <(grep -oE '^# pass [0-9]+' "$log" | awk '{print $3}')
while read -r n; do failed=$((failed + n)); done < <(grep -oE '^# fail [0-9]+' "$log" | awk '{print $3}')

if [ "$passed" -eq 0 ]; then status=1; fi
if [ "$failed" -gt 0 ]; then status=1; fi
echo "$passed passed, $failed failed"
exit $status
