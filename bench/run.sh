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
# cluster: the throughput path over 8 queues on that redis and on a 3-primary Redis Cluster that this
# script also starts (3 redis-server --cluster-enabled yes on free ports in temp dirs, joined by
# redis-cli --cluster create, stopped by their pids on exit like the single one) and passes as --redis-cluster.
# replicas: store submissions with Scheduler:RedisStore:WaitReplicas 0 and 1 (batches, and single tasks' latency),
# against that redis and a replica of it the scenario starts itself (redis-server --replicaof, stopped by its pid).
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
cluster_pids=()
stop_pid() {
    local pid="$1"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
}
stop_redis() {
    stop_pid "$redis_pid"
    for pid in "${cluster_pids[@]}"; do stop_pid "$pid"; done
    rm -rf "$dir"
}
trap stop_redis EXIT

# free 127.0.0.1 ports; with --bus, ports whose cluster bus port (port + 10000) is free too
free_ports() {
    python3 - "$@" <<'PY' 2>/dev/null
import random, socket, sys
count, bus = int(sys.argv[1]), len(sys.argv) > 2
def free(p):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); return True
    except OSError:
        return False
    finally:
        s.close()
found = []
while len(found) < count:
    p = random.randint(20000, 50000) if bus else 0
    if bus:
        if p not in found and free(p) and free(p + 10000): found.append(p)
    else:
        s = socket.socket(); s.bind(("127.0.0.1", 0)); found.append(s.getsockname()[1]); s.close()
print(" ".join(map(str, found)))
PY
}

wait_for_ping() { # port pid log
    for _ in $(seq 1 100); do
        if redis-cli -p "$1" ping 2>/dev/null | grep -q PONG; then return 0; fi
        kill -0 "$2" 2>/dev/null || { echo "redis-server exited:" >&2; cat "$3" >&2; exit 1; }
        sleep 0.1
    done
    echo "redis-server on port $1 did not answer PING" >&2; exit 1
}

port="$(free_ports 1 || echo $((20000 + RANDOM % 20000)))"
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" >"$dir/redis.log" 2>&1 &
redis_pid=$!
wait_for_ping "$port" "$redis_pid" "$dir/redis.log"
echo "redis-server pid $redis_pid on 127.0.0.1:$port" >&2

read -r -a cluster_ports <<<"$(free_ports 3 --bus)"
[ "${#cluster_ports[@]}" -eq 3 ] || { echo "found no free ports for the Redis Cluster" >&2; exit 1; }
endpoints=()
for p in "${cluster_ports[@]}"; do
    mkdir -p "$dir/cluster-$p"
    redis-server --port "$p" --bind 127.0.0.1 --save '' --appendonly no --cluster-enabled yes \
        --cluster-config-file nodes.conf --dir "$dir/cluster-$p" >"$dir/cluster-$p/redis.log" 2>&1 &
    cluster_pids+=($!)
    endpoints+=("127.0.0.1:$p")
done
for i in 0 1 2; do wait_for_ping "${cluster_ports[$i]}" "${cluster_pids[$i]}" "$dir/cluster-${cluster_ports[$i]}/redis.log"; done
redis-cli --cluster create "${endpoints[@]}" --cluster-replicas 0 --cluster-yes >"$dir/cluster-create.log" 2>&1 \
    || { echo "redis-cli --cluster create failed:" >&2; cat "$dir/cluster-create.log" >&2; exit 1; }
for p in "${cluster_ports[@]}"; do
    for _ in $(seq 1 100); do
        if redis-cli -p "$p" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; then break; fi
        sleep 0.1
    done
    redis-cli -p "$p" cluster info | grep -q '^cluster_state:ok' || { echo "Redis Cluster node $p is not cluster_state:ok" >&2; exit 1; }
done
cluster="$(IFS=,; echo "${endpoints[*]}")"
echo "Redis Cluster pids ${cluster_pids[*]} on $cluster" >&2

dotnet "$project/bin/Release/net10.0/OrleansScheduler.Bench.dll" --redis "127.0.0.1:$port" --redis-cluster "$cluster" "${args[@]}"
