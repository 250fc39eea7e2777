#!/usr/bin/env bash
# Runs the benchmark suite against a redis-server of its own.
#
#   bench/run.sh [--smoke] [--scenario NAME]... [--repeat N] [--json PATH]
#
# Builds the harness in Release, starts redis-server on a free 127.0.0.1 port (persistence off, in
# a temp dir), runs every scenario (or the ones named), prints one table, writes the figures as
# JSON (default bench/results/bench-<UTC time>.json), and stops that redis-server by its pid on exit.
# Scenarios: throughput, submit, latency, memory, efficiency, fanout, routing, grain-calls (an Orleans silo hosted in the
# harness's process, localhost clustering on free ports, its tasks on that redis under a key prefix per
# run; the latency submits come from inside it and through an Orleans client of it, the HTTP batches
# through the gateway program; fanout: one parent spawning 10,000 children, 200 with --smoke, and its
# join step; routing: the throughput path once per routing strategy, its cost against none; grain-calls:
# a store-only claim/complete loop against the throughput path, CPU per task, and one no-op grain call);
# failover (silo processes under each failover profile, one SIGKILLed) and scale-out (1, 2, 4 silo
# processes), both via compose/cluster.sh: Redis clustering, each cluster with a redis of its own.
# --smoke runs tiny sizes, once each (failover with the fast profile only).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
project="$root/bench/OrleansScheduler.Bench"

command -v redis-server >/dev/null || { echo "redis-server is not installed (apt-get install -y redis-server)" >&2; exit 1; }

args=("$@")
json=""
for ((i = 0; i < ${#args[@]}; i++)); do
    if [ "${args[$i]}" = "--json" ] && [ $((i + 1)) -lt ${#args[@]} ]; then json="${args[$((i + 1))]}"; fi
done
if [ -z "$json" ]; then
    mkdir -p "$root/bench/results"
    json="$root/bench/results/bench-$(date -u +%Y%m%dT%H%M%SZ).json"
    args+=(--json "$json")
fi

echo "building the harness (Release)..." >&2
dotnet build "$project" -c Release -v quiet -nologo >/dev/null

dir="$(mktemp -d "${TMPDIR:-/tmp}/bench-redis-XXXXXX")"
redis_pid=""
stop_redis() {
    if [ -n "$redis_pid" ] && kill -0 "$redis_pid" 2>/dev/null; then
        kill "$redis_pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$redis_pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$dir"
}
trap stop_redis EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000)))"
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" >"$dir/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 100); do
    if redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then break; fi
    kill -0 "$redis_pid" 2>/dev/null || { echo "redis-server exited:" >&2; cat "$dir/redis.log" >&2; exit 1; }
    sleep 0.1
done
echo "redis-server pid $redis_pid on 127.0.0.1:$port" >&2

dotnet "$project/bin/Release/net10.0/OrleansScheduler.Bench.dll" --redis "127.0.0.1:$port" "${args[@]}"
