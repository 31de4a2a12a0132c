#!/usr/bin/env bash
# Compares zoonode with Apache ZooKeeper 3.8 (standalone, its defaults, fsync on) on one machine:
# resident memory with N znodes, pipelined read and write throughput, single-request read
# latency and restart time, all driven by one load generator for both servers (zooctl bench by
# default, or zkbench on Apache's C client). See README.md beside this script.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench_vs_zookeeper.sh [--znodes N] [--seconds S] [--repeats R] [--sessions C] [--window W]
                             [--client zooctl|cclient]

  --znodes N    znodes of 100 bytes loaded into each server (default 200000)
  --seconds S   length of each measured read and latency run (default 10)
  --repeats R   read + latency rounds per server, alternating servers; medians reported (default 3)
  --sessions C  sessions of the read run (default 4)
  --window W    outstanding requests per session in the read run (default 100)
  --client G    the load generator for both servers: zooctl (zooctl bench, the default) or
                cclient (zkbench, on Apache's C client). Either way the other one also runs
                once against Apache ZooKeeper, to show which generator drives more.

environment:
  ZS_BENCH_BUILD_DIR       build tree holding zooctl, zkbench and zoonode
                           (default <repo>/build/default)
  ZS_BENCH_ZOOKEEPER_CMD   command that runs Apache ZooKeeper; the zoo.cfg path is appended
  ZS_BENCH_ZOONODE_CMD     command for the zoonode slot, zoo.cfg appended (default: the built
                           zoonode); the command must exec the server, not fork it
EOF
}

ZNODES=200000
RUN_SECONDS=10
REPEATS=3
SESSIONS=4
WINDOW=100
VALUE_BYTES=100
SETTLE_SECONDS=3
READ_WARMUP_SECONDS=2
LATENCY_WARMUP_SECONDS=1
START_TIMEOUT_SECONDS=60
POPULATE_TIMEOUT_SECONDS=1200
CLIENT=zooctl
BENCH_NAME=bench_vs_zookeeper
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

while (($# > 0)); do
    case $1 in
    --znodes | --seconds | --repeats | --sessions | --window)
        (($# >= 2)) || die "$1 needs a value"
        positive_int "$1" "$2"
        case $1 in
        --znodes) ZNODES=$2 ;;
        --seconds) RUN_SECONDS=$2 ;;
        --repeats) REPEATS=$2 ;;
        --sessions) SESSIONS=$2 ;;
        --window) WINDOW=$2 ;;
        esac
        shift 2
        ;;
    --client)
        (($# >= 2)) || die "$1 needs a value"
        [[ $2 == zooctl || $2 == cclient ]] || die "--client is zooctl or cclient, not '$2'"
        CLIENT=$2
        shift 2
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        usage >&2
        die "unknown argument '$1'"
        ;;
    esac
done

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD_DIR=${ZS_BENCH_BUILD_DIR:-$REPO/build/default}
ZKBENCH=$BUILD_DIR/tests/bench/zkbench
ZOOCTL=$BUILD_DIR/app/zooctl/zooctl
ZOONODE_BIN=$BUILD_DIR/app/zoonode/zoonode
SERVERS=(zookeeper zoonode)
declare -A SERVER_CMD=(
    [zookeeper]=${ZS_BENCH_ZOOKEEPER_CMD:-java -cp /etc/zookeeper/conf:/usr/share/java/zookeeper.jar org.apache.zookeeper.server.quorum.QuorumPeerMain}
    [zoonode]=${ZS_BENCH_ZOONODE_CMD:-$ZOONODE_BIN}
)

# ---- build what is missing (two jobs at most: the machine is shared) ----
missing_targets=()
[[ -x $ZKBENCH ]] || missing_targets+=(zkbench)
[[ -x $ZOOCTL ]] || missing_targets+=(zooctl)
if [[ -z ${ZS_BENCH_ZOONODE_CMD:-} && ! -x $ZOONODE_BIN ]]; then
    missing_targets+=(zoonode)
fi
if ((${#missing_targets[@]} > 0)); then
    echo "building ${missing_targets[*]} in $BUILD_DIR"
    cmake --build "$BUILD_DIR" --target "${missing_targets[@]}" -j 2 >&2 ||
        die "cannot build ${missing_targets[*]} (configure first: cmake --preset default)"
fi

# ---- servers: started in their own temp dirs, always stopped on exit ----
WORK=$(mktemp -d "${TMPDIR:-/tmp}/zs-bench.XXXXXX")
declare -A PID=() PORT=()

stop_server() {
    local name=$1 pid=${PID[$1]:-}
    [[ -n $pid ]] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    PID[$name]=
}

cleanup() {
    local name
    if [[ -n $BENCH_PID ]]; then
        kill -TERM "$BENCH_PID" 2>/dev/null || true
        wait "$BENCH_PID" 2>/dev/null || true
    fi
    for name in "${SERVERS[@]}"; do
        stop_server "$name"
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

show_log() {
    echo "----- $1 server log (last lines) -----" >&2
    tail -n 40 "$WORK/$1/server.log" >&2 || true
}

# Starts server $1 on a fresh port; a port taken between picking and binding gets another try.
start_server() {
    local name=$1 dir=$WORK/$1 attempt deadline
    local -a cmd
    read -r -a cmd <<<"${SERVER_CMD[$name]}"
    mkdir -p "$dir/data"
    for attempt in 1 2 3; do
        PORT[$name]=$(free_port)
        cat >"$dir/zoo.cfg" <<EOF
tickTime=2000
dataDir=$dir/data
clientPort=${PORT[$name]}
clientPortAddress=127.0.0.1
admin.enableServer=false
4lw.commands.whitelist=*
EOF
        echo "== attempt $attempt: ${cmd[*]} $dir/zoo.cfg" >>"$dir/server.log"
        (cd "$dir" && exec "${cmd[@]}" "$dir/zoo.cfg" >>"$dir/server.log" 2>&1 </dev/null) &
        PID[$name]=$!
        deadline=$((SECONDS + START_TIMEOUT_SECONDS))
        while ((SECONDS < deadline)) && kill -0 "${PID[$name]}" 2>/dev/null; do
            if [[ $(four_letter "${PORT[$name]}" srvr) == *"Mode: "* ]]; then
                return 0
            fi
            sleep 0.2
        done
        if kill -0 "${PID[$name]}" 2>/dev/null; then
            show_log "$name"
            die "$name did not answer 'srvr' on port ${PORT[$name]} within ${START_TIMEOUT_SECONDS} s"
        fi
        wait "${PID[$name]}" 2>/dev/null || true
        PID[$name]=
    done
    show_log "$name"
    die "$name exited during start-up (3 attempts)"
}

# Stops server $1 with SIGTERM, starts it again on the same data and port, and leaves in
# RESTART_SECONDS the time until it answers srvr: what a user waits after a restart. Not to be
# called in a $(...) subshell, which would lose the new PID.
RESTART_SECONDS=
restart_server() {
    local name=$1 dir=$WORK/$1 started deadline
    local -a cmd
    read -r -a cmd <<<"${SERVER_CMD[$name]}"
    stop_server "$name"
    started=$EPOCHREALTIME
    (cd "$dir" && exec "${cmd[@]}" "$dir/zoo.cfg" >>"$dir/server.log" 2>&1 </dev/null) &
    PID[$name]=$!
    deadline=$((SECONDS + START_TIMEOUT_SECONDS))
    while ((SECONDS < deadline)); do
        if ! kill -0 "${PID[$name]}" 2>/dev/null; then
            show_log "$name"
            die "$name exited while restarting"
        fi
        if [[ $(four_letter "${PORT[$name]}" srvr) == *"Mode: "* ]]; then
            RESTART_SECONDS=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')
            echo "   restart to serving: $RESTART_SECONDS s"
            return 0
        fi
        sleep 0.02
    done
    show_log "$name"
    die "$name did not answer 'srvr' within ${START_TIMEOUT_SECONDS} s of a restart"
}

# Resident memory of the server process and any children it has, in KiB.
rss_kib() {
    local total=0 pid rss
    local -a pids=("$1")
    for pid in $(pgrep -P "$1" || true); do
        pids+=("$pid")
    done
    for pid in "${pids[@]}"; do
        rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
        total=$((total + ${rss:-0}))
    done
    echo "$total"
}

# CPU time (user + system, in clock ticks) used so far by process $1 and its children.
cpu_ticks() {
    local total=0 pid
    local -a pids=("$1")
    for pid in $(pgrep -P "$1" || true); do
        pids+=("$pid")
    done
    for pid in "${pids[@]}"; do
        # Fields 14 and 15 of /proc/PID/stat, counted after the parenthesised command name.
        total=$((total + $(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }' || echo 0)))
    done
    echo "$total"
}
CLOCK_TICKS=$(getconf CLK_TCK)

# Samples the RSS of server $1, keeps the largest sample, and prints this one. Not to be called
# in a $(...) subshell, which would lose the maximum.
declare -A RSS_MAX_KIB=()
note_rss() {
    local name=$1 when=$2 rss
    kill -0 "${PID[$name]}" 2>/dev/null || {
        show_log "$name"
        die "$name is no longer running"
    }
    rss=$(rss_kib "${PID[$name]}")
    if ((rss > ${RSS_MAX_KIB[$name]:-0})); then
        RSS_MAX_KIB[$name]=$rss
    fi
    echo "   rss $when: $((rss / 1024)) MiB"
}

# Runs load generator $3 (zooctl or cclient) with workload $4 (populate, read, write or latency)
# and the options after it against server $1, within $2 seconds, and leaves its result line
# ("result op=... ops_per_s=...") in LINE. Both generators take the same options; zooctl's
# latency workload is a read with one session and one outstanding request. It runs in the
# background so that an interrupt stops the whole benchmark at once.
BENCH_PID=
LINE=
generate() {
    local name=$1 limit=$2 client=$3 workload=$4
    shift 4
    local -a cmd
    if [[ $client == cclient ]]; then
        cmd=("$ZKBENCH" "$workload" --server "127.0.0.1:${PORT[$name]}" "$@")
    elif [[ $workload == latency ]]; then
        cmd=("$ZOOCTL" -s "127.0.0.1:${PORT[$name]}" bench read --sessions 1 --window 1 "$@")
    else
        cmd=("$ZOOCTL" -s "127.0.0.1:${PORT[$name]}" bench "$workload" "$@")
    fi
    timeout "$limit" "${cmd[@]}" >"$WORK/generator.out" &
    BENCH_PID=$!
    if ! wait "$BENCH_PID"; then
        BENCH_PID=
        show_log "$name"
        die "$client $workload against $name failed or exceeded ${limit} s (see the message above)"
    fi
    BENCH_PID=
    LINE=$(grep '^result ' "$WORK/generator.out")
    echo "   [$client] $LINE"
}

# ---- the run ----
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
commit=$(git -C "$REPO" rev-parse --short=12 HEAD 2>/dev/null || echo "none (no commit yet)")
if [[ -n $(git -C "$REPO" status --porcelain 2>/dev/null | head -n 1) ]]; then
    commit+=" + uncommitted changes"
fi
echo "machine:   nproc=$(nproc), CPU: ${cpu_model:-unknown}, $(uname -sr)"
echo "load avg:  $(cut -d ' ' -f 1-3 /proc/loadavg) at start (other work on the machine skews results)"
echo "commit:    $commit"
echo "zookeeper: ${SERVER_CMD[zookeeper]}"
echo "zoonode:   ${SERVER_CMD[zoonode]}"
echo "generator: $CLIENT"
echo "workload:  $ZNODES znodes x $VALUE_BYTES B; read: $SESSIONS sessions x window $WINDOW;" \
    "latency: 1 outstanding getData; ${RUN_SECONDS} s each; $REPEATS rounds"

# The server's own CPU per request during the last generator run ($LINE), warm-up included: a
# measure of the server that holds even when the load generator, on the same cores, is what
# limits ops/s. $1: the server's CPU ticks during the run.
cpu_us_per_op() {
    awk -v t="$1" -v hz="$CLOCK_TICKS" -v ops="$(field ops "$LINE")" \
        -v rate="$(field ops_per_s "$LINE")" -v warm="$READ_WARMUP_SECONDS" \
        'BEGIN { printf "%.1f", t * 1e6 / hz / (ops + rate * warm) }'
}

declare -A POPULATE_RATE=() READ_OPS=() READ_P99=() READ_CPU=() WRITE_OPS=() WRITE_CPU=()
declare -A LAT_P50=() LAT_P99=()
for name in "${SERVERS[@]}"; do
    echo "-- $name: start and populate"
    start_server "$name"
    populate_options=(--count "$ZNODES" --size "$VALUE_BYTES" --parent /bench)
    if [[ $CLIENT == cclient ]]; then
        populate_options+=(--timeout "$POPULATE_TIMEOUT_SECONDS")
    fi
    generate "$name" "$POPULATE_TIMEOUT_SECONDS" "$CLIENT" populate "${populate_options[@]}"
    POPULATE_RATE[$name]=$(field ops_per_s "$LINE")
    sleep "$SETTLE_SECONDS"
    note_rss "$name" "after populate and ${SETTLE_SECONDS} s settle"
done

run_limit=$((RUN_SECONDS + READ_WARMUP_SECONDS + 90))
for round in $(seq "$REPEATS"); do
    order=("${SERVERS[@]}")
    if ((round % 2 == 0)); then
        order=("${SERVERS[1]}" "${SERVERS[0]}")
    fi
    for name in "${order[@]}"; do
        echo "-- round $round/$REPEATS: $name"
        ticks_before=$(cpu_ticks "${PID[$name]}")
        generate "$name" "$run_limit" "$CLIENT" read --parent /bench --count "$ZNODES" \
            --size "$VALUE_BYTES" --sessions "$SESSIONS" --window "$WINDOW" \
            --seconds "$RUN_SECONDS" --warmup "$READ_WARMUP_SECONDS"
        ticks_after=$(cpu_ticks "${PID[$name]}")
        READ_OPS[$name]+=" $(field ops_per_s "$LINE")"
        cpu_us=$(cpu_us_per_op $((ticks_after - ticks_before)))
        echo "   server CPU per read: $cpu_us us"
        READ_CPU[$name]+=" $cpu_us"
        READ_P99[$name]+=" $(field p99_us "$LINE")"
        note_rss "$name" "after read"
        ticks_before=$(cpu_ticks "${PID[$name]}")
        generate "$name" "$run_limit" "$CLIENT" write --parent /bench --count "$ZNODES" \
            --size "$VALUE_BYTES" --sessions "$SESSIONS" --window "$WINDOW" \
            --seconds "$RUN_SECONDS" --warmup "$READ_WARMUP_SECONDS"
        ticks_after=$(cpu_ticks "${PID[$name]}")
        WRITE_OPS[$name]+=" $(field ops_per_s "$LINE")"
        cpu_us=$(cpu_us_per_op $((ticks_after - ticks_before)))
        echo "   server CPU per write: $cpu_us us"
        WRITE_CPU[$name]+=" $cpu_us"
        generate "$name" "$run_limit" "$CLIENT" latency --parent /bench --count "$ZNODES" \
            --size "$VALUE_BYTES" --seconds "$RUN_SECONDS" --warmup "$LATENCY_WARMUP_SECONDS"
        LAT_P50[$name]+=" $(field p50_us "$LINE")"
        LAT_P99[$name]+=" $(field p99_us "$LINE")"
    done
done

# Which generator drives Apache ZooKeeper harder: the same read run with each, one after the
# other (a generator that is itself the bottleneck understates every server).
declare -A GENERATOR_OPS=()
echo "-- load generators against zookeeper"
for client in zooctl cclient; do
    generate zookeeper "$run_limit" "$client" read --parent /bench --count "$ZNODES" \
        --size "$VALUE_BYTES" --sessions "$SESSIONS" --window "$WINDOW" \
        --seconds "$RUN_SECONDS" --warmup "$READ_WARMUP_SECONDS"
    GENERATOR_OPS[$client]=$(field ops_per_s "$LINE")
done

declare -A RESTART=()
for name in "${SERVERS[@]}"; do
    echo "-- $name: restart with $ZNODES znodes"
    restart_server "$name"
    RESTART[$name]=$RESTART_SECONDS
    sleep "$SETTLE_SECONDS"
    note_rss "$name" "after restart and ${SETTLE_SECONDS} s settle"
    stop_server "$name"
done

# ---- report ----
declare -A RSS_MIB=() READ_MED=() READ_P99_MED=() READ_CPU_MED=() WRITE_MED=() WRITE_CPU_MED=()
declare -A P50_MED=() P99_MED=()
for name in "${SERVERS[@]}"; do
    RSS_MIB[$name]=$(awk -v k="${RSS_MAX_KIB[$name]}" 'BEGIN { printf "%.1f", k / 1024 }')
    READ_MED[$name]=$(median "${READ_OPS[$name]}")
    READ_P99_MED[$name]=$(median "${READ_P99[$name]}")
    READ_CPU_MED[$name]=$(median "${READ_CPU[$name]}")
    WRITE_MED[$name]=$(median "${WRITE_OPS[$name]}")
    WRITE_CPU_MED[$name]=$(median "${WRITE_CPU[$name]}")
    P50_MED[$name]=$(median "${LAT_P50[$name]}")
    P99_MED[$name]=$(median "${LAT_P99[$name]}")
done

row() {
    printf '%-34s %14s %14s %18s\n' "$1" "$2" "$3" "$(ratio "$3" "$2")"
}
echo
printf '%-34s %14s %14s %18s\n' metric zookeeper zoonode zoonode/zookeeper
row "max RSS (MiB)" "${RSS_MIB[zookeeper]}" "${RSS_MIB[zoonode]}"
row "read ops/s (median)" "${READ_MED[zookeeper]}" "${READ_MED[zoonode]}"
row "read p99 under load, us (median)" "${READ_P99_MED[zookeeper]}" "${READ_P99_MED[zoonode]}"
row "server CPU per read, us (median)" "${READ_CPU_MED[zookeeper]}" "${READ_CPU_MED[zoonode]}"
row "write ops/s, setData (median)" "${WRITE_MED[zookeeper]}" "${WRITE_MED[zoonode]}"
row "server CPU per write, us (median)" "${WRITE_CPU_MED[zookeeper]}" "${WRITE_CPU_MED[zoonode]}"
row "latency p50, us (median)" "${P50_MED[zookeeper]}" "${P50_MED[zoonode]}"
row "latency p99, us (median)" "${P99_MED[zookeeper]}" "${P99_MED[zoonode]}"
row "restart to serving, s (one run)" "${RESTART[zookeeper]}" "${RESTART[zoonode]}"
row "populate creates/s (one run)" "${POPULATE_RATE[zookeeper]}" "${POPULATE_RATE[zoonode]}"
echo
echo "load avg:  $(cut -d ' ' -f 1-3 /proc/loadavg) at end"
rss_ratio=$(ratio "${RSS_MIB[zoonode]}" "${RSS_MIB[zookeeper]}")
read_ratio=$(ratio "${READ_MED[zoonode]}" "${READ_MED[zookeeper]}")
p50_ratio=$(ratio "${P50_MED[zoonode]}" "${P50_MED[zookeeper]}")
cpu_ratio=$(ratio "${READ_CPU_MED[zoonode]}" "${READ_CPU_MED[zookeeper]}")
write_ratio=$(ratio "${WRITE_MED[zoonode]}" "${WRITE_MED[zookeeper]}")
restart_ratio=$(ratio "${RESTART[zoonode]}" "${RESTART[zookeeper]}")
write_cpu_ratio=$(ratio "${WRITE_CPU_MED[zoonode]}" "${WRITE_CPU_MED[zookeeper]}")
restart_goal=$(awk -v s="${RESTART[zoonode]}" 'BEGIN { print (s != "" && s <= 1) ? "met" : "NOT met" }')
echo "RSS           zoonode/zookeeper = $rss_ratio  ($(goal "$rss_ratio" "<=" 0.25))"
echo "read ops/s    zoonode/zookeeper = $read_ratio  ($(goal "$read_ratio" ">=" 3))"
echo "CPU per read  zoonode/zookeeper = $cpu_ratio  (below 1: zoonode spends less per read)"
echo "write ops/s   zoonode/zookeeper = $write_ratio  ($(goal "$write_ratio" ">=" 3); both fsync)"
echo "CPU per write zoonode/zookeeper = $write_cpu_ratio  (below 1: zoonode spends less per write)"
echo "p50 latency   zoonode/zookeeper = $p50_ratio  ($(goal "$p50_ratio" "<=" 0.5))"
echo "restart       zoonode/zookeeper = $restart_ratio  ($(goal "$restart_ratio" "<=" 0.2);" \
    "zoonode within 1 s: $restart_goal)"
generator_ratio=$(ratio "${GENERATOR_OPS[zooctl]}" "${GENERATOR_OPS[cclient]}")
echo "generators    zooctl bench ${GENERATOR_OPS[zooctl]} ops/s vs C client" \
    "${GENERATOR_OPS[cclient]} ops/s on Apache ZooKeeper = $generator_ratio" \
    "($(goal "$generator_ratio" ">=" 1))"
echo "load generator for the table: $CLIENT"
echo "summary rss_ratio=$rss_ratio read_ops_ratio=$read_ratio p50_latency_ratio=$p50_ratio" \
    "cpu_per_read_ratio=$cpu_ratio write_ops_ratio=$write_ratio" \
    "cpu_per_write_ratio=$write_cpu_ratio restart_ratio=$restart_ratio" \
    "generator_ratio=$generator_ratio client=$CLIENT" \
    "znodes=$ZNODES seconds=$RUN_SECONDS repeats=$REPEATS"
