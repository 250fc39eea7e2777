#!/usr/bin/env bash
# Runs every test of the solution. The Redis tests start their own redis-server on a free
# port (the Redis Cluster tests three, joined by redis-cli, which Debian's redis-server package brings), so it
# must be installed: when it is missing, it is installed from Debian's packages.
# Extra arguments go to `dotnet test` (e.g. ./test.sh --filter FullyQualifiedName~Contract).
set -euo pipefail
cd "$(dirname "$0")"

# compose/cluster.sh (used by the crash suite and the benchmark smoke test) checks silo health with curl.
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
command -v curl >/dev/null 2>&1 || missing+=(curl)
# The dashboard tests drive Debian's Chromium through Playwright (whose own browser download cannot work here).
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
    echo "${missing[*]} not found; installing from Debian's packages"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

rm -rf TestResults
dotnet test OrleansScheduler.sln --logger trx --results-directory TestResults "$@"
