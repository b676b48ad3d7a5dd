#!/bin/bash
# dehydrated HOOK wrapper for the benchmark: runs hooks/dehydrated and appends "EVENT START END STATUS"
# (epoch seconds) to $BENCH_HOOK_TIMES, so the time spent in deploy_challenge can be told apart from
# dehydrated's own polling of the CA.
here=$(cd "$(dirname "$0")" && pwd)
t0=$(date +%s.%N)
"$here/../hooks/dehydrated" "$@"
rc=$?
echo "${1:-none} $t0 $(date +%s.%N) $rc" >>"${BENCH_HOOK_TIMES:-/dev/null}"
exit $rc
