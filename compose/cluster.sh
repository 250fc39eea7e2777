#!/usr/bin/env bash
# Starts redis-server and N Orleans silo processes on 127.0.0.1 (Redis clustering, one cluster id of
# their own), optionally gateway-only processes, and stops exactly those processes (by the pids it
# recorded). Works where no Docker engine runs.
#
#   compose/cluster.sh start [N] [--redis-port P | --redis HOST:PORT] [--base-port B] [--silo-args "ARGS"] [--silo-dll PATH] [--gateway-dll PATH]
#                               # default N=3, B=5081 (HTTP ports; Orleans' silo and gateway ports are
#                               # free ones); ARGS go to every silo, e.g. --silo-args "--failover fast --capacity 8";
#                               # --redis: use that running Redis (which this script then never starts or stops)
#   compose/cluster.sh add [NAME]     # one more silo (default silo-<next>) on the next free port
#   compose/cluster.sh gateway [NAME] # a gateway-only process (default gateway-<next>): the HTTP API as an Orleans client
#   compose/cluster.sh kill NAME      # SIGKILL that process (a crash: no drain, no goodbye)
#   compose/cluster.sh pause NAME     # SIGSTOP it (a silo stalled past failure detection)
#   compose/cluster.sh resume NAME    # SIGCONT it
#   compose/cluster.sh status
#   compose/cluster.sh stop           # SIGTERM every silo and gateway (silos drain and leave), then redis
#
# State lives in $CLUSTER_DIR (default .tmp/cluster under the repo): `pids` (one line per process:
# name pid port [gone]), each process's log, the cluster id, and the builds and arguments `add` reuses.
# Without --silo-dll / --gateway-dll, `start` builds them in Release first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
state="${CLUSTER_DIR:-$root/.tmp/cluster}"
pids="$state/pids"

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
        || echo $((20000 + RANDOM % 20000))
}

listening() { # listening PORT: something accepts connections on 127.0.0.1:PORT
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

next_free_port() { # next_free_port FROM: the first port >= FROM nothing listens on
    local port=$1
    while listening "$port"; do port=$((port + 1)); done
    echo "$port"
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

ours() { # ours PID PORT: the pid is alive and still the process we started on PORT (not a reused pid)
    kill -0 "$1" 2>/dev/null || return 1
    command -v ps >/dev/null || return 0
    ps -p "$1" -o args= 2>/dev/null | grep -q -- ":$2\( \|$\)"
}

mark_gone() { # mark_gone PID
    local tmp="$pids.tmp"
    awk -v pid="$1" '$2 == pid && $4 != "gone" { $4 = "gone" } { print }' "$pids" >"$tmp" && mv "$tmp" "$pids"
}

start() {
    local count=3 redis_port="" redis_address="" base_port=5081 silo_args="" silo_dll="" gateway_dll=""
    while [ $# -gt 0 ]; do
        case "$1" in
            --redis-port) redis_port=$2; shift 2 ;;
            --redis) redis_address=$2; shift 2 ;;
            --base-port) base_port=$2; shift 2 ;;
            --silo-args) silo_args=$2; shift 2 ;;
            --silo-dll) silo_dll=$2; shift 2 ;;
            --gateway-dll) gateway_dll=$2; shift 2 ;;
            -*) echo "unknown option $1" >&2; exit 64 ;;
            *) count=$1; shift ;;
        esac
    done
    if [ -f "$pids" ]; then echo "a cluster is already running (see $state); stop it first" >&2; exit 1; fi
    command -v redis-server >/dev/null || { echo "redis-server is not installed (apt-get install -y redis-server)" >&2; exit 1; }
    mkdir -p "$state"
    if [ -z "$silo_dll" ]; then
        silo_dll="$root/src/OrleansScheduler.Silo/bin/Release/net10.0/OrleansScheduler.Silo.dll"
        dotnet build "$root/src/OrleansScheduler.Silo" -c Release -v quiet -nologo >"$state/build.log" 2>&1 \
            || { cat "$state/build.log" >&2; exit 1; }
    fi
    [ -f "$silo_dll" ] || { echo "no silo build at $silo_dll" >&2; exit 1; }
    silo_dll="$(cd "$(dirname "$silo_dll")" && pwd)/$(basename "$silo_dll")"
    if [ -z "$gateway_dll" ]; then
        gateway_dll="$root/src/OrleansScheduler.Gateway/bin/Release/net10.0/OrleansScheduler.Gateway.dll"
        dotnet build "$root/src/OrleansScheduler.Gateway" -c Release -v quiet -nologo >"$state/build-gateway.log" 2>&1 \
            || { cat "$state/build-gateway.log" >&2; exit 1; }
    fi
    [ -f "$gateway_dll" ] && gateway_dll="$(cd "$(dirname "$gateway_dll")" && pwd)/$(basename "$gateway_dll")"
    printf '%s\n' "$silo_dll" >"$state/silo-dll"
    printf '%s\n' "$gateway_dll" >"$state/gateway-dll"
    printf '%s\n' "$silo_args" >"$state/silo-args"
    # One cluster id per cluster: several clusters (tests side by side) can share nothing, or one Redis.
    printf 'c%s\n' "$(date +%s%N | tail -c 10)$RANDOM" >"$state/cluster-id"

    if [ -n "$redis_address" ]; then
        # Someone else's Redis (a test's fault-injection server): not recorded in pids, so stop leaves it alone.
        : >"$pids"
        printf '%s\n' "$redis_address" >"$state/redis-address"
        echo "redis-server external at $redis_address"
    else
        redis_port=${redis_port:-$(free_port)}
        mkdir -p "$state/redis"
        redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$state/redis" \
            >"$state/redis.log" 2>&1 &
        local redis_pid=$!
        echo "redis $redis_pid $redis_port" >"$pids"
        printf '127.0.0.1:%s\n' "$redis_port" >"$state/redis-address"
        wait_until 10 "redis-server on port $redis_port" redis-cli -p "$redis_port" ping
        echo "redis-server pid $redis_pid at 127.0.0.1:$redis_port"
    fi

    local port=$base_port
    for i in $(seq 1 "$count"); do
        port=$(next_free_port "$port")
        start_silo "silo-$i" "$port"
        port=$((port + 1))
    done
}

add() {
    [ -f "$pids" ] || { echo "no cluster running; start one first" >&2; exit 1; }
    local name=${1:-}
    if [ -z "$name" ]; then
        local last
        last=$(awk '$1 ~ /^silo-[0-9]+$/ { n = substr($1, 6) + 0; if (n > max) max = n } END { print max + 0 }' "$pids")
        name="silo-$((last + 1))"
    fi
    [[ $name =~ ^[A-Za-z0-9][A-Za-z0-9_-]{0,47}$ ]] || { echo "silo name '$name' must match ^[A-Za-z0-9][A-Za-z0-9_-]{0,47}\$" >&2; exit 64; }
    if awk -v n="$name" '$1 == n && $4 != "gone" { found = 1 } END { exit !found }' "$pids"; then
        echo "$name is already running; kill it first or pick another name" >&2; exit 1
    fi
    local highest
    highest=$(awk '$1 != "redis" && $3 > max { max = $3 } END { print max + 0 }' "$pids")
    start_silo "$name" "$(next_free_port "$((highest > 0 ? highest + 1 : 5081))")"
}

start_silo() { # start_silo NAME PORT [ATTEMPT]
    local name=$1 port=$2 attempt=${3:-1} extra=()
    read -r -a extra <"$state/silo-args" || true
    launch "$name" "$port" "$(cat "$state/silo-dll")" --silo-name "$name" \
        --silo-port "$(free_port)" --gateway-port "$(free_port)" --advertise-ip 127.0.0.1 ${extra[@]+"${extra[@]}"}
    await_start "$name" "$port" "$attempt" start_silo
}

gateway() {
    [ -f "$pids" ] || { echo "no cluster running; start one first" >&2; exit 1; }
    [ -f "$(cat "$state/gateway-dll")" ] || { echo "no gateway build at $(cat "$state/gateway-dll")" >&2; exit 1; }
    local name=${1:-}
    if [ -z "$name" ]; then
        local last
        last=$(awk '$1 ~ /^gateway-[0-9]+$/ { n = substr($1, 9) + 0; if (n > max) max = n } END { print max + 0 }' "$pids")
        name="gateway-$((last + 1))"
    fi
    start_gateway "$name" "$(next_free_port "$(awk '$1 != "redis" && $3 > max { max = $3 } END { print max + 1 }' "$pids")")"
}

start_gateway() { # start_gateway NAME PORT [ATTEMPT]
    local name=$1 port=$2 attempt=${3:-1}
    launch "$name" "$port" "$(cat "$state/gateway-dll")"
    await_start "$name" "$port" "$attempt" start_gateway
}

launch() { # launch NAME PORT DLL [ARGS...]: a silo or gateway process of this cluster, recorded in pids
    local name=$1 port=$2 dll=$3
    shift 3
    # Run from the build's directory so its appsettings.json is the content root's; exec keeps the pid.
    (cd "$(dirname "$dll")" && ASPNETCORE_ENVIRONMENT=Production \
        Logging__Console__FormatterName=simple \
        Logging__Console__FormatterOptions__SingleLine=true \
        Logging__Console__FormatterOptions__TimestampFormat="HH:mm:ss.fff " \
        exec dotnet "$dll" --redis "$(cat "$state/redis-address")" --cluster-id "$(cat "$state/cluster-id")" --urls "http://127.0.0.1:$port" \
        "$@") >>"$state/$name.log" 2>&1 &
    echo "$name $! $port" >>"$pids"
}

await_start() { # await_start NAME PORT ATTEMPT RETRY: until /readyz names it (a silo) or answers as a gateway
    local name=$1 port=$2 attempt=$3 retry=$4 pid
    pid=$(awk -v n="$name" '$1 == n && $4 != "gone" { p = $2 } END { print p }' "$pids")
    # Ready when /readyz answers with this silo's name (not whatever else might hold the port).
    for _ in $(seq 1 300); do
        if ! kill -0 "$pid" 2>/dev/null; then
            mark_gone "$pid"
            # The port was free when chosen, but another process may bind it first: take the next one.
            if [ "$attempt" -lt 3 ] && tail -n 40 "$state/$name.log" | grep -qi "address already in use"; then
                echo "$name: a port was taken meanwhile; trying the next free ones" >&2
                "$retry" "$name" "$(next_free_port "$((port + 1))")" "$((attempt + 1))"
                return
            fi
            echo "$name (pid $pid) exited while starting; the end of $state/$name.log:" >&2
            tail -n 20 "$state/$name.log" >&2
            exit 1
        fi
        local health
        if health=$(curl -fs "http://127.0.0.1:$port/readyz" 2>/dev/null) \
            && { [[ $health == *"\"name\":\"$name\""* ]] || [[ $name == gateway-* && $health == *'"role":"gateway"'* ]]; }; then
            echo "$name pid $pid at http://127.0.0.1:$port"
            return 0
        fi
        sleep 0.1
    done
    echo "timed out after 30s waiting for $name on port $port; the end of $state/$name.log:" >&2
    tail -n 20 "$state/$name.log" >&2
    exit 1
}

signal() { # signal SIGNAL NAME: send a signal to one process of the cluster (not redis)
    local sig=$1 name=${2:-}
    [ -n "$name" ] || { echo "usage: cluster.sh pause|resume NAME" >&2; exit 64; }
    [ -f "$pids" ] || { echo "no cluster running" >&2; exit 1; }
    local line pid port
    line=$(awk -v n="$name" '$1 == n && $4 != "gone"' "$pids")
    [ -n "$line" ] && [ "$name" != redis ] || { echo "no running silo or gateway named $name (see status)" >&2; exit 1; }
    read -r _ pid port _ <<<"$line"
    ours "$pid" "$port" || { echo "$name (pid $pid) has exited" >&2; exit 1; }
    kill "-$sig" "$pid"
    echo "sent $sig to $name (pid $pid)"
}

kill_silo() {
    local name=${1:-}
    [ -n "$name" ] || { echo "usage: cluster.sh kill NAME" >&2; exit 64; }
    [ -f "$pids" ] || { echo "no cluster running" >&2; exit 1; }
    [ "$name" != "redis" ] || { echo "kill takes a silo name; stop ends redis" >&2; exit 64; }
    local line
    line=$(awk -v n="$name" '$1 == n && $4 != "gone"' "$pids")
    [ -n "$line" ] || { echo "no running process named $name (see status)" >&2; exit 1; }
    local pid port
    read -r _ pid port _ <<<"$line"
    if ours "$pid" "$port"; then
        kill -CONT "$pid" 2>/dev/null || true # a paused process dies as soon as it may run
        kill -KILL "$pid"
        for _ in $(seq 1 100); do ours "$pid" "$port" || break; sleep 0.05; done
        echo "killed $name (pid $pid)"
    else
        echo "$name (pid $pid) had already exited"
    fi
    mark_gone "$pid"
}

status() {
    [ -f "$pids" ] || { echo "no cluster running"; return 0; }
    while read -r name pid port gone; do
        if [ "${gone:-}" = gone ]; then echo "$name pid $pid port $port: killed"
        elif ours "$pid" "$port"; then echo "$name pid $pid port $port: running"
        else echo "$name pid $pid port $port: gone"; fi
    done <"$pids"
}

stop() {
    [ -f "$pids" ] || { echo "no cluster running"; return 0; }
    # Silos and gateways first, all at once (each silo drains, hands back what it could not finish and
    # leaves the cluster), redis last; only the pids this script started and has not seen die.
    local silos=()
    while read -r name pid port gone; do
        [ "$name" != redis ] && [ "${gone:-}" != gone ] && ours "$pid" "$port" || continue
        kill -CONT "$pid" 2>/dev/null || true
        kill -TERM "$pid" 2>/dev/null || true
        silos+=("$name:$pid:$port")
    done <"$pids"
    for entry in ${silos[@]+"${silos[@]}"}; do
        IFS=: read -r name pid port <<<"$entry"
        for _ in $(seq 1 600); do ours "$pid" "$port" || break; sleep 0.1; done
        if ours "$pid" "$port"; then kill -KILL "$pid" 2>/dev/null || true; echo "killed $name (pid $pid): it did not stop within 60s"
        else echo "stopped $name (pid $pid)"; fi
    done
    read -r _ pid port _ < <(awk '$1 == "redis"' "$pids") || true
    if [ -n "${pid:-}" ] && ours "$pid" "$port"; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do ours "$pid" "$port" || break; sleep 0.1; done
        ours "$pid" "$port" && kill -KILL "$pid" 2>/dev/null || true
        echo "stopped redis (pid $pid)"
    fi
    rm -f "$pids"
}

case "${1:-}" in
    start) shift; start "$@" ;;
    add) shift; add "$@" ;;
    gateway) shift; gateway "$@" ;;
    kill) shift; kill_silo "$@" ;;
    pause) shift; signal STOP "$@" ;;
    resume) shift; signal CONT "$@" ;;
    status) status ;;
    stop) stop ;;
    *) sed -n '2,22p' "$0"; exit 64 ;;
esac
