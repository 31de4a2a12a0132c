# shellcheck shell=bash
# Helpers shared by the benchmark scripts (sourced; they set BENCH_NAME first).

die() {
    echo "${BENCH_NAME:-bench}: $*" >&2
    exit 1
}

positive_int() {
    [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 needs a positive integer, not '$2'"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The text a server answers to four-letter word $2 on 127.0.0.1 port $1 (empty on failure).
four_letter() {
    # shellcheck disable=SC2016 # $1 and $2 expand in the inner shell, on purpose
    timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf %s "$2" >&3 && cat <&3' \
        _ "$1" "$2" 2>/dev/null || true
}

median() {
    tr ' ' '\n' <<<"$*" | sed '/^$/d' | sort -g | awk '
        { v[NR] = $1 }
        END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'
}

# The value of key $1 in a "result k=v k=v" line $2.
field() {
    sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"
}

# "met" / "NOT met" for ratio $1 against the goal "$2 $3" (an awk comparison: "<=" or ">=").
goal() {
    awk -v r="$1" -v op="$2" -v g="$3" 'BEGIN {
        ok = r != "n/a" && ((op == "<=" && r <= g) || (op == ">=" && r >= g))
        printf "goal %s %s: %s", op, g, ok ? "met" : "NOT met" }'
}

# Seconds elapsed since $1 (an $EPOCHREALTIME), with millisecond precision.
seconds_since() {
    awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }'
}
