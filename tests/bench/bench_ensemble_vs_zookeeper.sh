#!/usr/bin/env bash
# Compares a 3-member zoonode ensemble with a 3-member Apache ZooKeeper 3.8 ensemble on one
# machine, same load, one run: cold start to a serving leader, pipelined write and read
# throughput through all members, and the time from killing the leader (SIGKILL) under write
# load to the next acknowledged write. See README.md beside this script.
set -euo pipefail

usage() {
    cat <<'EOF_USAGE'
usage: bench_ensemble_vs_zookeeper.sh [--znodes N] [--seconds S] [--repeats R] [--sessions C]
                                      [--window W]

  --znodes N    znodes of 100 bytes loaded into each ensemble (default 100000)
  --seconds S   length of each measured read and write run (default 10)
  --repeats R   rounds of each measurement, alternating the ensembles; medians (default 3)
  --sessions C  sessions of the read and write runs, spread over the members (default 6)
  --window W    outstanding requests per session (default 100)

environment:
  ZS_BENCH_BUILD_DIR       build tree holding zooctl and zoonode (default <repo>/build/default)
  ZS_BENCH_ZOOKEEPER_CMD   command that runs Apache ZooKeeper; the zoo.cfg path is appended
  ZS_BENCH_PYTHON          Python with kazoo, for the failover probe (default /usr/bin/python3)
EOF_USAGE
}

ZNODES=100000
RUN_SECONDS=10
REPEATS=3
SESSIONS=6
WINDOW=100
VALUE_BYTES=100
WARMUP_SECONDS=2
START_TIMEOUT_SECONDS=60
POPULATE_TIMEOUT_SECONDS=1200
MEMBERS=3
BENCH_NAME=bench_ensemble_vs_zookeeper
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
ZOOCTL=$BUILD_DIR/app/zooctl/zooctl
ZOONODE_BIN=$BUILD_DIR/app/zoonode/zoonode
PYTHON=${ZS_BENCH_PYTHON:-/usr/bin/python3}
PROBE=$REPO/tests/bench/failover_probe.py
KINDS=(zookeeper zoonode)
declare -A SERVER_CMD=(
    [zookeeper]=${ZS_BENCH_ZOOKEEPER_CMD:-java -cp /etc/zookeeper/conf:/usr/share/java/zookeeper.jar org.apache.zookeeper.server.quorum.QuorumPeerMain}
    [zoonode]=$ZOONODE_BIN
)

missing_targets=()
[[ -x $ZOOCTL ]] || missing_targets+=(zooctl)
[[ -x $ZOONODE_BIN ]] || missing_targets+=(zoonode)
if ((${#missing_targets[@]} > 0)); then
    echo "building ${missing_targets[*]} in $BUILD_DIR"
    cmake --build "$BUILD_DIR" --target "${missing_targets[@]}" -j 2 >&2 ||
        die "cannot build ${missing_targets[*]} (configure first: cmake --preset default)"
fi
"$PYTHON" -c 'import kazoo' 2>/dev/null || die "$PYTHON has no kazoo (Debian: python3-kazoo)"

# ---- ensembles: members in their own temp dirs, always stopped on exit ----
WORK=$(mktemp -d "${TMPDIR:-/tmp}/zs-bench-ensemble.XXXXXX")
declare -A PID=() CLIENT_PORT=()

member_dir() { echo "$WORK/$1/m$2"; }

stop_member() {
    local key=$1:$2 pid=${PID[$1:$2]:-}
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
    PID[$key]=
}

stop_ensemble() {
    local i
    for i in $(seq "$MEMBERS"); do
        stop_member "$1" "$i"
    done
}

cleanup() {
    local kind
    for kind in "${KINDS[@]}"; do
        stop_ensemble "$kind"
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Writes each member's zoo.cfg and myid: the same server.N lines, its own ports and dataDir.
configure_ensemble() {
    local kind=$1 i dir servers=""
    for i in $(seq "$MEMBERS"); do
        servers+="server.$i=127.0.0.1:$(free_port):$(free_port)"$'\n'
        CLIENT_PORT[$kind:$i]=$(free_port)
    done
    for i in $(seq "$MEMBERS"); do
        dir=$(member_dir "$kind" "$i")
        mkdir -p "$dir/data"
        echo "$i" >"$dir/data/myid"
        cat >"$dir/zoo.cfg" <<EOF_CFG
tickTime=2000
initLimit=10
syncLimit=5
dataDir=$dir/data
clientPort=${CLIENT_PORT[$kind:$i]}
clientPortAddress=127.0.0.1
admin.enableServer=false
4lw.commands.whitelist=*
$servers
EOF_CFG
    done
}

start_member() {
    local kind=$1 i=$2 dir
    local -a cmd
    dir=$(member_dir "$kind" "$i")
    read -r -a cmd <<<"${SERVER_CMD[$kind]}"
    (cd "$dir" && exec "${cmd[@]}" "$dir/zoo.cfg" >>"$dir/server.log" 2>&1 </dev/null) &
    PID[$kind:$i]=$!
}

show_logs() {
    local i
    for i in $(seq "$MEMBERS"); do
        echo "----- $1 member $i log (last lines) -----" >&2
        tail -n 20 "$(member_dir "$1" "$i")/server.log" >&2 || true
    done
}

mode_of() {
    four_letter "${CLIENT_PORT[$1:$2]}" srvr | sed -n 's/^Mode: //p'
}

# Polls until a member says "Mode: leader" and leaves its number in LEADER.
LEADER=
wait_leader() {
    local kind=$1 deadline=$((SECONDS + START_TIMEOUT_SECONDS)) i
    while ((SECONDS < deadline)); do
        for i in $(seq "$MEMBERS"); do
            if [[ -n ${PID[$kind:$i]:-} && $(mode_of "$kind" "$i") == leader ]]; then
                LEADER=$i
                return 0
            fi
        done
        sleep 0.005
    done
    show_logs "$kind"
    die "$kind elected no leader within ${START_TIMEOUT_SECONDS} s"
}

wait_all_serving() {
    local kind=$1 deadline=$((SECONDS + START_TIMEOUT_SECONDS)) i serving
    while ((SECONDS < deadline)); do
        serving=0
        for i in $(seq "$MEMBERS"); do
            [[ $(mode_of "$kind" "$i") == @(leader|follower) ]] && serving=$((serving + 1))
        done
        ((serving == MEMBERS)) && return 0
        sleep 0.05
    done
    show_logs "$kind"
    die "not every $kind member serves within ${START_TIMEOUT_SECONDS} s"
}

connect_string() {
    local kind=$1 i hosts=()
    for i in $(seq "$MEMBERS"); do
        hosts+=("127.0.0.1:${CLIENT_PORT[$kind:$i]}")
    done
    (
        IFS=,
        echo "${hosts[*]}"
    )
}

# Every member stopped, its data wiped (myid kept), then all started at once; the time until a
# member reports "Mode: leader".
COLD_SECONDS=
cold_start() {
    local kind=$1 i dir started
    stop_ensemble "$kind"
    for i in $(seq "$MEMBERS"); do
        dir=$(member_dir "$kind" "$i")/data
        find "$dir" -mindepth 1 ! -name myid -exec rm -rf {} +
    done
    started=$EPOCHREALTIME
    for i in $(seq "$MEMBERS"); do
        start_member "$kind" "$i"
    done
    wait_leader "$kind"
    COLD_SECONDS=$(seconds_since "$started")
    echo "   cold start to a serving leader: $COLD_SECONDS s (member $LEADER leads)"
    wait_all_serving "$kind"
}

LINE=
generate() {
    local kind=$1 limit=$2 workload=$3
    shift 3
    if ! timeout "$limit" "$ZOOCTL" -s "$(connect_string "$kind")" bench "$workload" "$@" \
        >"$WORK/generator.out"; then
        show_logs "$kind"
        die "zooctl bench $workload against $kind failed or exceeded ${limit} s"
    fi
    LINE=$(grep '^result ' "$WORK/generator.out")
    echo "   $LINE"
}

# Kills the leader under write load (failover_probe.py) and restarts it once the ensemble
# has recovered.
FAILOVER_SECONDS=
failover() {
    local kind=$1 i members=() leader
    wait_leader "$kind"
    leader=$LEADER
    for i in $(seq "$MEMBERS"); do
        ((i == leader)) || members+=("127.0.0.1:${CLIENT_PORT[$kind:$i]}")
    done
    local joined
    joined=$(
        IFS=,
        echo "${members[*]}"
    )
    if ! "$PYTHON" "$PROBE" --members "$joined" --kill-pid "${PID[$kind:$leader]}" \
        >"$WORK/probe.out" 2>"$WORK/probe.err"; then
        cat "$WORK/probe.err" >&2
        show_logs "$kind"
        die "the failover probe failed against $kind"
    fi
    wait "${PID[$kind:$leader]}" 2>/dev/null || true
    PID[$kind:$leader]=
    FAILOVER_SECONDS=$(field first_ack_after_kill_s "$(grep '^result ' "$WORK/probe.out")")
    echo "   leader (member $leader) killed: next acknowledged write after $FAILOVER_SECONDS s"
    start_member "$kind" "$leader"
    wait_all_serving "$kind"
}

# ---- the run ----
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
commit=$(git -C "$REPO" rev-parse --short=12 HEAD 2>/dev/null || echo "none")
if [[ -n $(git -C "$REPO" status --porcelain 2>/dev/null | head -n 1) ]]; then
    commit+=" + uncommitted changes"
fi
echo "machine:   nproc=$(nproc), CPU: ${cpu_model:-unknown}, $(uname -sr)"
echo "load avg:  $(cut -d ' ' -f 1-3 /proc/loadavg) at start (other work on the machine skews results)"
echo "commit:    $commit"
echo "ensembles: $MEMBERS members each, on 127.0.0.1; tickTime 2000, initLimit 10, syncLimit 5"
echo "workload:  $ZNODES znodes x $VALUE_BYTES B; $SESSIONS sessions x window $WINDOW over all" \
    "members; ${RUN_SECONDS} s runs; $REPEATS rounds"

declare -A COLD=() READ_OPS=() WRITE_OPS=() FAILOVER=()
for kind in "${KINDS[@]}"; do
    configure_ensemble "$kind"
done
for round in $(seq "$REPEATS"); do
    for kind in "${KINDS[@]}"; do
        echo "-- cold start $round/$REPEATS: $kind"
        cold_start "$kind"
        COLD[$kind]+=" $COLD_SECONDS"
    done
done
for kind in "${KINDS[@]}"; do
    echo "-- $kind: populate"
    generate "$kind" "$POPULATE_TIMEOUT_SECONDS" populate --count "$ZNODES" --size "$VALUE_BYTES" \
        --parent /bench
done

run_limit=$((RUN_SECONDS + WARMUP_SECONDS + 90))
for round in $(seq "$REPEATS"); do
    order=("${KINDS[@]}")
    if ((round % 2 == 0)); then
        order=("${KINDS[1]}" "${KINDS[0]}")
    fi
    for kind in "${order[@]}"; do
        echo "-- round $round/$REPEATS: $kind"
        generate "$kind" "$run_limit" write --parent /bench --count "$ZNODES" \
            --size "$VALUE_BYTES" --sessions "$SESSIONS" --window "$WINDOW" \
            --seconds "$RUN_SECONDS" --warmup "$WARMUP_SECONDS"
        WRITE_OPS[$kind]+=" $(field ops_per_s "$LINE")"
        generate "$kind" "$run_limit" read --parent /bench --count "$ZNODES" \
            --size "$VALUE_BYTES" --sessions "$SESSIONS" --window "$WINDOW" \
            --seconds "$RUN_SECONDS" --warmup "$WARMUP_SECONDS"
        READ_OPS[$kind]+=" $(field ops_per_s "$LINE")"
        failover "$kind"
        FAILOVER[$kind]+=" $FAILOVER_SECONDS"
    done
done

# ---- report ----
declare -A COLD_MED=() READ_MED=() WRITE_MED=() FAILOVER_MED=()
for kind in "${KINDS[@]}"; do
    COLD_MED[$kind]=$(median "${COLD[$kind]}")
    READ_MED[$kind]=$(median "${READ_OPS[$kind]}")
    WRITE_MED[$kind]=$(median "${WRITE_OPS[$kind]}")
    FAILOVER_MED[$kind]=$(median "${FAILOVER[$kind]}")
done
row() {
    printf '%-42s %12s %12s %18s\n' "$1" "$2" "$3" "$(ratio "$3" "$2")"
}
echo
printf '%-42s %12s %12s %18s\n' metric zookeeper zoonode zoonode/zookeeper
row "write ops/s, setData (median)" "${WRITE_MED[zookeeper]}" "${WRITE_MED[zoonode]}"
row "read ops/s, getData (median)" "${READ_MED[zookeeper]}" "${READ_MED[zoonode]}"
row "leader kill -9 to next ack, s (median)" "${FAILOVER_MED[zookeeper]}" "${FAILOVER_MED[zoonode]}"
row "cold start to serving leader, s (median)" "${COLD_MED[zookeeper]}" "${COLD_MED[zoonode]}"
echo
echo "all runs:  write${WRITE_OPS[zookeeper]} |${WRITE_OPS[zoonode]}; read${READ_OPS[zookeeper]} |${READ_OPS[zoonode]}"
echo "           failover${FAILOVER[zookeeper]} |${FAILOVER[zoonode]}; cold${COLD[zookeeper]} |${COLD[zoonode]}"
echo "load avg:  $(cut -d ' ' -f 1-3 /proc/loadavg) at end"
write_ratio=$(ratio "${WRITE_MED[zoonode]}" "${WRITE_MED[zookeeper]}")
read_ratio=$(ratio "${READ_MED[zoonode]}" "${READ_MED[zookeeper]}")
failover_ratio=$(ratio "${FAILOVER_MED[zoonode]}" "${FAILOVER_MED[zookeeper]}")
cold_goal=$(awk -v s="${COLD_MED[zoonode]}" 'BEGIN { print (s != "" && s <= 0.3) ? "met" : "NOT met" }')
echo "write ops/s   zoonode/zookeeper = $write_ratio  ($(goal "$write_ratio" ">=" 3); both fsync)"
echo "read ops/s    zoonode/zookeeper = $read_ratio  ($(goal "$read_ratio" ">=" 3))"
echo "failover      zoonode/zookeeper = $failover_ratio  ($(goal "$failover_ratio" "<=" 0.333))"
echo "cold start    zoonode ${COLD_MED[zoonode]} s  (goal <= 0.3 s: $cold_goal)"
echo "summary write_ops_ratio=$write_ratio read_ops_ratio=$read_ratio" \
    "failover_ratio=$failover_ratio zoonode_cold_start_s=${COLD_MED[zoonode]}" \
    "znodes=$ZNODES seconds=$RUN_SECONDS repeats=$REPEATS sessions=$SESSIONS window=$WINDOW"
