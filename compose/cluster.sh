#!/usr/bin/env bash
# Starts redis-server and N silo processes on 127.0.0.1, and stops exactly those processes
# (by the pids it recorded). Works where no Docker engine runs.
#
#   compose/cluster.sh start [N] [--redis-port P] [--base-port B]   # default N=3, B=5081
#   compose/cluster.sh status
#   compose/cluster.sh stop
#
# State (pids, ports, logs) lives in $CLUSTER_DIR (default .tmp/cluster under the repo).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
state="${CLUSTER_DIR:-$root/.tmp/cluster}"
silo_dll="$root/src/OrleansScheduler.Silo/bin/Release/net10.0/OrleansScheduler.Silo.dll"

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
        || echo $((20000 + RANDOM % 20000))
}

wait_until() { # wait_until SECONDS DESCRIPTION COMMAND...
    local limit=$1 what=$2; shift 2
    for _ in $(seq 1 $((limit * 10))); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.1
    done
    echo "timed out after ${limit}s waiting for $what" >&2
    return 1
}

start() {
    local count=3 redis_port="" base_port=5081
    while [ $# -gt 0 ]; do
        case "$1" in
            --redis-port) redis_port=$2; shift 2 ;;
            --base-port) base_port=$2; shift 2 ;;
            *) count=$1; shift ;;
        esac
    done
    if [ -f "$state/pids" ]; then echo "a cluster is already running (see $state); stop it first" >&2; exit 1; fi
    command -v redis-server >/dev/null || { echo "redis-server is not installed (apt-get install -y redis-server)" >&2; exit 1; }
    mkdir -p "$state"
    dotnet build "$root/src/OrleansScheduler.Silo" -c Release -v quiet -nologo >"$state/build.log" 2>&1 \
        || { cat "$state/build.log" >&2; exit 1; }

    redis_port=${redis_port:-$(free_port)}
    mkdir -p "$state/redis"
    redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$state/redis" \
        >"$state/redis.log" 2>&1 &
    echo "redis $! $redis_port" >"$state/pids"
    wait_until 10 "redis-server on port $redis_port" redis-cli -p "$redis_port" ping
    echo "redis-server pid $! at 127.0.0.1:$redis_port"

    for i in $(seq 1 "$count"); do
        start_silo "$i" "$((base_port + i - 1))" "$redis_port"
    done
}

start_silo() { # start_silo INDEX PORT REDIS_PORT
    local i=$1 port=$2 redis_port=$3
    ASPNETCORE_ENVIRONMENT=Production dotnet "$silo_dll" --redis "127.0.0.1:$redis_port" \
        --urls "http://127.0.0.1:$port" --silo-id "silo-$i" >"$state/silo-$i.log" 2>&1 &
    local pid=$!
    echo "silo-$i $pid $port" >>"$state/pids"
    wait_until 30 "silo-$i on port $port" curl -fs "http://127.0.0.1:$port/healthz"
    echo "silo-$i pid $pid at http://127.0.0.1:$port"
}

status() {
    [ -f "$state/pids" ] || { echo "no cluster running"; return 0; }
    while read -r name pid port; do
        if kill -0 "$pid" 2>/dev/null; then echo "$name pid $pid port $port: running"; else echo "$name pid $pid port $port: gone"; fi
    done <"$state/pids"
}

stop() {
    [ -f "$state/pids" ] || { echo "no cluster running"; return 0; }
    # Silos first (they drain), redis last; only the pids this script started.
    tac "$state/pids" | while read -r name pid port; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            for _ in $(seq 1 400); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
            echo "stopped $name (pid $pid)"
        fi
    done
    rm -f "$state/pids"
}

case "${1:-}" in
    start) shift; start "$@" ;;
    status) status ;;
    stop) stop ;;
    *) sed -n '2,10p' "$0"; exit 64 ;;
esac
