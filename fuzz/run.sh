#!/bin/sh
# Builds the DNSWire libFuzzer target and runs it for SECONDS (default 30).
# Usage: fuzz/run.sh [SECONDS]   — prints executions and crashes; exit 1 when a crash was found.
set -eu
seconds="${1:-30}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/.build/fuzz"
mkdir -p "$work/corpus" "$work/artifacts"

swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
    -module-name DNSWireFuzz \
    "$root"/Sources/DNSWire/*.swift "$root/fuzz/FuzzDNSWire.swift" \
    -o "$work/fuzz-dnswire" > "$work/build.txt" 2>&1 || { cat "$work/build.txt"; exit 2; }

# Seeds: a query and a compressed response (hex), plus every file in fuzz/seeds/.
printf '\022\064\001\000\000\001\000\000\000\000\000\000\007example\003com\000\000\001\000\001' > "$work/corpus/seed-query"
printf '\253\315\205\200\000\001\000\002\000\000\000\000\003www\007example\003com\000\000\001\000\001\300\014\000\005\000\001\000\000\001\054\000\002\300\020\300\020\000\001\000\001\000\000\001\054\000\004\135\270\330\042' > "$work/corpus/seed-response"
if [ -d "$root/fuzz/seeds" ]; then cp "$root"/fuzz/seeds/* "$work/corpus/" 2>/dev/null || true; fi

before="$(ls "$work/artifacts" | wc -l)"
set +e
SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$work/fuzz-dnswire" \
    -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
    "$work/corpus" > "$work/log.txt" 2>&1
status=$?
set -e
after="$(ls "$work/artifacts" | wc -l)"
executions="$(grep -E '^stat::number_of_executed_units' "$work/log.txt" | awk '{print $2}')"
echo "executions: ${executions:-unknown} in ${seconds} s"
echo "crashes: $((after - before)) (fuzzer exit status $status; artifacts in $work/artifacts, log $work/log.txt)"
if [ "$status" -ne 0 ] || [ "$after" -ne "$before" ]; then
    tail -n 30 "$work/log.txt"
    exit 1
fi
