#!/usr/bin/env bash
# Runs every Huddle test: domain and server tests (real HTTP, hub, SQLite and a throwaway
# PostgreSQL cluster, two server processes behind nginx, real processes killed with SIGKILL),
# the server's API, hub and restart tests a second time on PostgreSQL, then the web app's unit
# tests (vitest) and browser tests in headless Chromium. Needs postgresql and nginx installed (.ci/run does that).
# Prints a line as each phase starts and ends, with its duration, and one closing line
# "N passed, N failed"; exits non-zero if anything failed.
#
# Everything a run creates (SQLite folders, PostgreSQL clusters, nginx prefixes, browser profiles)
# lives under one temp root, exported as HUDDLE_TEST_ROOT and TMPDIR so every child uses it. The
# run stops whatever is still running there and removes it when it ends, also after a failure or
# Ctrl-C; before that it checks that the tests cleaned up after themselves.
set -uo pipefail
cd "$(dirname "$0")/.."

root=$(mktemp -d "${TMPDIR:-/tmp}/huddle-run-XXXXXX")
# PostgreSQL refuses to run as root, so as root its cluster belongs to the postgres user,
# which must be able to reach it through this folder.
chmod 711 "$root"
log="$root/test.log"

# The processes still running from this run: anything whose working folder or command line is
# under the root (PostgreSQL runs in its data folder, nginx is given its prefix, servers their data).
leftover_pids() {
  local dir pid
  for dir in /proc/[0-9]*; do
    pid=${dir#/proc/}
    [ "$pid" = "$$" ] && continue
    if [[ "$(readlink "$dir/cwd" 2>/dev/null)" == "$root"* ]] || grep -qsaF "$root/" "$dir/cmdline"; then
      echo "$pid"
    fi
  done
}

cleanup() {
  local pids
  pids=$(leftover_pids)
  if [ -n "$pids" ]; then
    kill -TERM $pids 2>/dev/null
    for _ in $(seq 50); do
      [ -z "$(leftover_pids)" ] && break
      sleep 0.1
    done
    pids=$(leftover_pids)
    [ -n "$pids" ] && kill -KILL $pids 2>/dev/null
  fi
  rm -rf "$root"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

status=0
phase_started=0
phase() {
  phase_started=$SECONDS
  echo "==> $1: started"
}
phase_end() {
  echo "==> $1: done in $((SECONDS - phase_started)) s"
}

phase build
dotnet build Huddle.slnx -c Release -nologo -clp:ErrorsOnly || exit 1
phase_end build

# After the build: the compiler server and MSBuild nodes it leaves running for later builds must
# not keep a temp folder that is about to be deleted.
export HUDDLE_TEST_ROOT="$root" TMPDIR="$root"

phase core
dotnet test tests/Huddle.Core.Tests -c Release --no-build -nologo 2>&1 | tee -a "$log" || status=1
phase_end core

phase "server on SQLite"
dotnet test tests/Huddle.Server.Tests -c Release --no-build -nologo 2>&1 | tee -a "$log" || status=1
phase_end "server on SQLite"

phase "server on PostgreSQL"
HUDDLE_TEST_STORAGE=postgres dotnet test tests/Huddle.Server.Tests -c Release --no-build -nologo \
  --filter "FullyQualifiedName~.Api.|FullyQualifiedName~.Hub.|FullyQualifiedName~.Durability." 2>&1 | tee -a "$log" || status=1
phase_end "server on PostgreSQL"

if [ -f web/package.json ]; then
  # The web app's unit tests (vitest, no browser, no server). Its packages are installed by the
  # build above (the server's csproj runs `npm ci` when node_modules is older than the lock file);
  # installed here too if a build ran with SkipWebApp=true.
  phase "web unit"
  [ -x web/node_modules/.bin/vitest ] || (cd web && npm ci --no-audit --no-fund --loglevel=error)
  (cd web && NO_COLOR=1 npm run --silent test:unit) 2>&1 | tee -a "$log" || status=1
  phase_end "web unit"

  phase browser
  export HUDDLE_SERVER_DLL="$PWD/src/Huddle.Server/bin/Release/net10.0/Huddle.Server.dll"
  (cd web && npm run --silent test:e2e) 2>&1 | tee -a "$log" || status=1
  phase_end browser
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
# vitest: "      Tests  2 failed | 16 passed (18)"
while read -r n; do passed=$((passed + n)); done < <(grep -E '^ +Tests +[0-9]' "$log" | grep -oE '[0-9]+ passed' | awk '{print $1}')
while read -r n; do failed=$((failed + n)); done < <(grep -E '^ +Tests +[0-9]' "$log" | grep -oE '[0-9]+ failed' | awk '{print $1}')

# The run leaves nothing behind: every test removes what it created and stops what it started.
# Counted as one more test, so a leak fails the run even when every test passed.
# The PostgreSQL clusters are stopped and deleted by a watcher once their test process has gone
# (tests/Huddle.Server.Tests/Infrastructure/PostgresCluster.cs): give those watchers time to finish.
for _ in $(seq 600); do
  [ -z "$(leftover_pids)" ] && break
  sleep 0.1
done
running=$(leftover_pids)
left=$(find "$root" -mindepth 1 -maxdepth 1 -name 'huddle-*' -printf '%f\n')
if [ -n "$left" ] || [ -n "$running" ]; then
  echo "The tests left things behind in $root:"
  [ -n "$left" ] && echo "$left" | sed 's/^/  folder: /'
  for pid in $running; do echo "  process $pid: $(tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline")"; done
  failed=$((failed + 1))
else
  passed=$((passed + 1))
fi

if [ "$passed" -eq 0 ]; then status=1; fi
if [ "$failed" -gt 0 ]; then status=1; fi
echo "$passed passed, $failed failed"
exit $status
