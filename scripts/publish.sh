#!/usr/bin/env bash
# Builds a Huddle release: a self-contained linux-x64 folder (the host needs no .NET) with the web
# app, the systemd unit and the nginx example, and a tarball of it. docs/operations.md ("Install a
# release") walks from the tarball to HTTPS behind nginx.
#
#   scripts/publish.sh [output-dir]        default: artifacts/release
#
# Environment: HUDDLE_VERSION (default: git describe), HUDDLE_RUNTIME (default: linux-x64),
# HUDDLE_SELF_CONTAINED=false for a smaller folder that needs the ASP.NET Core 10 runtime on the host.
# Prints the tarball's path as its last line.
set -euo pipefail
cd "$(dirname "$0")/.."

out="$(mkdir -p "${1:-artifacts/release}" && cd "${1:-artifacts/release}" && pwd)"
runtime="${HUDDLE_RUNTIME:-linux-x64}"
self_contained="${HUDDLE_SELF_CONTAINED:-true}"
version="${HUDDLE_VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}"
tarball="$out/huddle-$version-$runtime.tar.gz"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

# The tarball holds one folder, huddle/, meant to become /opt/huddle.
dotnet publish src/Huddle.Server -c Release -r "$runtime" --self-contained "$self_contained" \
  -o "$stage/huddle" -nologo -clp:ErrorsOnly -p:DebugType=none
if [ ! -f "$stage/huddle/wwwroot/index.html" ]; then
  echo "publish.sh: the web app is missing from the build (is Node.js installed? see web/README.md)" >&2
  exit 1
fi
mkdir -p "$stage/huddle/deploy"
cp deploy/huddle.service "$stage/huddle/deploy/huddle.service"
cp docs/nginx/huddle.conf "$stage/huddle/deploy/nginx-huddle.conf"
echo "$version" > "$stage/huddle/VERSION"

rm -f "$tarball"
tar -C "$stage" -czf "$tarball" huddle
echo "$tarball"
