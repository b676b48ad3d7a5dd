#!/usr/bin/env bash
# Every test of the project, in order: build (no warnings), unit tests in debug and release,
# swift-format lint, the end-to-end suite with real ACME clients, and a short fuzz run.
# Prints one line per stage and a final "N passed, N failed" summary; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
LOGDIR=${TEST_LOG_DIR:-.build/test-logs}
mkdir -p "$LOGDIR"
passed=0
failed=0
skipped=0
stages_failed=()

stage() { echo; echo "=== $1 ==="; }

# Adds the counts of an XCTest run (its last "Executed N tests, with M failures" line) to the totals.
count_xctest() {
    local log=$1 line n f k
    line=$(grep -E "Executed [0-9]+ tests?, with .*[0-9]+ failures?" "$log" | tail -n 1)
    if [ -z "$line" ]; then return 1; fi
    n=$(echo "$line" | sed -E 's/.*Executed ([0-9]+) tests?.*/\1/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failures? .*/\1/')
    k=0
    if echo "$line" | grep -qE "[0-9]+ tests? skipped"; then
        k=$(echo "$line" | sed -E 's/.* ([0-9]+) tests? skipped.*/\1/')
    fi
    passed=$((passed + n - f - k))
    failed=$((failed + f))
    skipped=$((skipped + k))
}

stage "build (debug, warnings are errors for our code)"
swift build --build-tests 2>&1 | tee "$LOGDIR/build.log"
if [ "${PIPESTATUS[0]}" != 0 ]; then
    stages_failed+=("build"); failed=$((failed + 1))
elif grep -E "^/.*(Sources|Tests)/.*warning:" "$LOGDIR/build.log" >/dev/null; then
    echo "build produced warnings:"; grep -E "warning:" "$LOGDIR/build.log" | sort -u
    stages_failed+=("warnings"); failed=$((failed + 1))
fi

for config in debug release; do
    stage "unit tests ($config)"
    swift test -c "$config" 2>&1 | tee "$LOGDIR/unit-$config.log"
    rc=${PIPESTATUS[0]}
    if ! count_xctest "$LOGDIR/unit-$config.log"; then failed=$((failed + 1)); fi
    [ "$rc" = 0 ] || stages_failed+=("unit-$config")
done

stage "swift format lint"
if swift format lint --strict -r Sources Tests Package.swift; then
    passed=$((passed + 1))
else
    failed=$((failed + 1)); stages_failed+=("lint")
fi

if [ -x Tests/EndToEnd/run.sh ] || [ -f Tests/EndToEnd/run.sh ]; then
    stage "end-to-end (real ACME clients against Pebble and ionos-sandbox)"
    bash Tests/EndToEnd/run.sh 2>&1 | tee "$LOGDIR/e2e.log"
    rc=${PIPESTATUS[0]}
    line=$(grep -E "^[0-9]+ passed, [0-9]+ failed" "$LOGDIR/e2e.log" | tail -n 1)
    if [ -n "$line" ]; then
        passed=$((passed + $(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')))
        failed=$((failed + $(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')))
        if echo "$line" | grep -qE "[0-9]+ skipped"; then
            skipped=$((skipped + $(echo "$line" | sed -E 's/.* ([0-9]+) skipped.*/\1/')))
        fi
    else
        failed=$((failed + 1))
    fi
    [ "$rc" = 0 ] || stages_failed+=("e2e")
fi

if [ -x fuzz/run.sh ]; then
    stage "fuzz smoke (DNS codec, sandbox HTTP and DNS; ${FUZZ_SECONDS:-20} s each)"
    if ./fuzz/run.sh "${FUZZ_SECONDS:-20}" 2>&1 | tee "$LOGDIR/fuzz.log" | tail -n 5; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1)); stages_failed+=("fuzz")
    fi
fi

if [ -x bench/run.sh ]; then
    stage "benchmark smoke (bench/run.sh --smoke; figures are not pass/fail, the script must work)"
    if swift build -c release >"$LOGDIR/bench-build.log" 2>&1 &&
        BENCH_NO_VENV=${BENCH_NO_VENV:-1} bench/run.sh --smoke --out "$LOGDIR/bench" >"$LOGDIR/bench.log" 2>&1; then
        passed=$((passed + 1))
        sed -n '1,/^### 2/p' "$LOGDIR/bench/results.md" | head -n 20
    else
        tail -n 30 "$LOGDIR/bench.log"
        failed=$((failed + 1)); stages_failed+=("bench-smoke")
    fi
fi

echo
if [ ${#stages_failed[@]} -gt 0 ]; then echo "failed stages: ${stages_failed[*]}"; fi
if [ "$skipped" -gt 0 ]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
[ "$failed" = 0 ] && [ ${#stages_failed[@]} = 0 ]
