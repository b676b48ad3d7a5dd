#!/bin/sh
# Builds every libFuzzer target and runs each for SECONDS (default 30):
#   dnswire       the DNS codec (Sources/DNSWire), round trip checked
#   sandbox-http  the sandbox's HTTP request parser and API handler (Sources/IonosSandbox)
#   sandbox-dns   the sandbox's DNS responder, as nameserver and as resolver
# Usage: fuzz/run.sh [SECONDS] [TARGET...]  — prints executions and crashes per target; exit 1 on a crash.
set -eu
seconds="${1:-30}"
[ $# -gt 0 ] && shift
targets="${*:-dnswire sandbox-http sandbox-dns}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/.build/fuzz"
flags="-sanitize=fuzzer,address -parse-as-library -O -g"
mkdir -p "$work/module"

build() {  # build NAME COMMAND... : runs the compiler, shows its output only on failure
    name="$1"; shift
    "$@" > "$work/build-$name.txt" 2>&1 || { cat "$work/build-$name.txt"; exit 2; }
}

# The libraries once (DNSWire, and IonosSandbox with -enable-testing so harnesses reach its internals),
# then one small harness per target linked against them.
build dnswire-lib swiftc $flags -module-name DNSWire -emit-library -static \
    -emit-module-path "$work/module/DNSWire.swiftmodule" "$root"/Sources/DNSWire/*.swift -o "$work/libDNSWire.a"
case "$targets" in *sandbox*)
    # shellcheck disable=SC2046
    build sandbox-lib swiftc $flags -enable-testing -module-name IonosSandbox -emit-library -static -I "$work/module" \
        -emit-module-path "$work/module/IonosSandbox.swiftmodule" $(find "$root/Sources/IonosSandbox" -name '*.swift' | sort) \
        -o "$work/libIonosSandbox.a"
    ;;
esac
for target in $targets; do
    case "$target" in
        dnswire) harness=FuzzDNSWire.swift; libs="$work/libDNSWire.a" ;;
        sandbox-http) harness=FuzzSandboxHTTP.swift; libs="$work/libIonosSandbox.a $work/libDNSWire.a" ;;
        sandbox-dns) harness=FuzzSandboxDNS.swift; libs="$work/libIonosSandbox.a $work/libDNSWire.a" ;;
        *) echo "unknown fuzz target '$target' (dnswire, sandbox-http, sandbox-dns)"; exit 2 ;;
    esac
    # shellcheck disable=SC2086
    build "$target" swiftc $flags -I "$work/module" "$root/fuzz/$harness" $libs -o "$work/fuzz-$target"
done

# Seeds: fuzz/seeds/<target>/* and fuzz/regressions/<target>/* (past findings, checked in), plus a DNS query and a compressed response for the codec.
seed_corpus() {
    corpus="$work/corpus-$1"
    mkdir -p "$corpus"
    for folder in seeds regressions; do
        if [ -d "$root/fuzz/$folder/$1" ]; then cp "$root/fuzz/$folder/$1"/* "$corpus/" 2>/dev/null || true; fi
    done
    if [ "$1" = dnswire ]; then
        printf '\022\064\001\000\000\001\000\000\000\000\000\000\007example\003com\000\000\001\000\001' > "$corpus/seed-query"
        printf '\253\315\205\200\000\001\000\002\000\000\000\000\003www\007example\003com\000\000\001\000\001\300\014\000\005\000\001\000\000\001\054\000\002\300\020\300\020\000\001\000\001\000\000\001\054\000\004\135\270\330\042' > "$corpus/seed-response"
    fi
}

failed=0
for target in $targets; do
    seed_corpus "$target"
    artifacts="$work/artifacts-$target"
    mkdir -p "$artifacts"
    before="$(ls "$artifacts" | wc -l)"
    set +e
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$work/fuzz-$target" \
        -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$artifacts/" \
        "$work/corpus-$target" > "$work/log-$target.txt" 2>&1
    status=$?
    set -e
    after="$(ls "$artifacts" | wc -l)"
    executions="$(grep -E '^stat::number_of_executed_units' "$work/log-$target.txt" | awk '{print $2}')"
    echo "$target: executions: ${executions:-unknown} in ${seconds} s; crashes: $((after - before)) (fuzzer exit status $status; artifacts in $artifacts)"
    if [ "$status" -ne 0 ] || [ "$after" -ne "$before" ]; then
        tail -n 30 "$work/log-$target.txt"
        failed=1
    fi
done
exit "$failed"
