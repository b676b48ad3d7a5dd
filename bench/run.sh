#!/bin/bash
# Benchmarks: time to a valid certificate and cost, beside the tools users have today.
#
# Usage: bench/run.sh [--smoke] [--out DIR]        (make bench / make bench-smoke build the release binaries first)
# Writes DIR/results.md (markdown tables) and DIR/raw.json (every run), DIR defaulting to bench/out; the
# work files of every run (sandbox request logs, certbot logs, hook output) stay in DIR/work for inspection.
# Everything runs on loopback against ionos-sandbox and Pebble inside `unshare --net --mount` (as the
# end-to-end suite does): the sandbox's DNS is on port 53 and /etc/resolv.conf points at its resolver.
# Only the optional certbot-dns-ionos venv (bench/.venv, created once with pip from PyPI) needs the network,
# and it is created before entering the namespace; without it the plugin rows are skipped.
#
# Scenarios (runs: full / --smoke):
#   1 latency   `present` with 4 per-nameserver lags drawn uniformly in 0..5 s per run (seeded): seconds
#               from the moment the last nameserver serves the value to the hook's return (20 / 3)
#   2 certbot   5 apex + wildcard pairs (10 challenges), sandbox lag 3 s (1 s in --smoke): our hook, the PyPI
#               plugin certbot-dns-ionos at its smallest working --dns-ionos-propagation-seconds (searched
#               downward from 10; full only) and at its default, and bench/naive-hook.sh (3 / 1)
#   3 API cost  requests per challenge from the sandbox request logs of scenario 2, plus dehydrated with
#               HOOK_CHAIN=yes on the same 10 challenges (3 / 1)
#   4 process   wall time (spawn to exit) and peak RSS (GNU time) of --help, digest, present and cleanup; the
#               first run of each follows a page-cache drop; binary sizes, also of the --static-swift-stdlib
#               build, stripped (--smoke does not build it, it measures an existing .build/static) (10 / 3)
#   5 scale     one deploy_challenge with 100 triples over 10 zones, lag 0..5 s, then one clean_challenge (3 / 1)
#
# Environment: IONOS_SANDBOX_BIN, IONOS_ACME_HOOK_BIN (default .build/release/...), BENCH_SEED (lag draws,
# default 1), BENCH_VENV (default bench/.venv), BENCH_NO_VENV=1 (skip the plugin rows).
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SMOKE=0
OUT=$ROOT/bench/out
ARGS=("$@")
while [ $# -gt 0 ]; do
    case $1 in
    --smoke) SMOKE=1 ;;
    --out) OUT=$2; shift ;;
    -h | --help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown argument $1" >&2; exit 64 ;;
    esac
    shift
done
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd)
SANDBOX_BIN=$(readlink -f "${IONOS_SANDBOX_BIN:-$ROOT/.build/release/ionos-sandbox}")
HOOK_BIN=$(readlink -f "${IONOS_ACME_HOOK_BIN:-$ROOT/.build/release/ionos-acme-hook}")
VENV=${BENCH_VENV:-$ROOT/bench/.venv}
STATIC_BUILD=$ROOT/.build/static   # shared with `make static` (its --scratch-path)
SEED=${BENCH_SEED:-1}
TOOLS=$HERE/tools.py
PLUGIN_VERSION=2024.11.9

say() { printf '%s\n' "bench: $*" >&2; }
now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 3))" "$1" "$2"; }

# MARK: - Outside the namespace: venv, static build, machine facts

prepare_venv() {
    if [ "${BENCH_NO_VENV:-}" = 1 ]; then say "BENCH_NO_VENV=1: plugin rows skipped"; return; fi
    if [ -x "$VENV/bin/certbot" ] && "$VENV/bin/python" -c 'import certbot_dns_ionos' 2>/dev/null; then return; fi
    say "creating $VENV with certbot-dns-ionos $PLUGIN_VERSION from PyPI"
    rm -rf "$VENV"
    local limit=600
    [ $SMOKE = 1 ] && limit=90
    if ! { python3 -m venv "$VENV" && timeout $limit "$VENV/bin/pip" install -q --timeout 15 --retries 1 \
        "certbot-dns-ionos==$PLUGIN_VERSION"; } \
        >"$OUT/venv.log" 2>&1; then
        say "could not create the venv (see $OUT/venv.log): plugin rows skipped"
        rm -rf "$VENV"
    fi
}

build_static() {
    [ $SMOKE = 0 ] || return 0
    say "building the static release binary in $STATIC_BUILD (as make static does)"
    (cd "$ROOT" && swift build -c release --static-swift-stdlib --scratch-path "$STATIC_BUILD" --product ionos-acme-hook) \
        >"$OUT/static-build.log" 2>&1 || say "static build failed (see $OUT/static-build.log): its size is not reported"
}

machine_facts() {
    python3 - "$OUT/machine.json" "$SMOKE" "$SEED" "$VENV" <<'EOF'
import json, os, platform, subprocess, sys
def run(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip()
    except Exception:
        return None
model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown")
mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
venv_certbot = os.path.join(sys.argv[4], "bin", "certbot")
if os.environ.get("BENCH_NO_VENV") == "1":
    venv_certbot = "/nonexistent"
facts = {
    "nproc": int(run("nproc") or 0), "cpu": model, "memory_gib": round(mem / 1048576, 1),
    "kernel": platform.release(), "swift": (run("swift", "--version") or "").splitlines()[0:1],
    "certbot_system": run("certbot", "--version"), "pebble": "Debian package " + (run("dpkg-query", "-W", "-f=${Version}", "pebble") or "?"),
    "certbot_venv": run(venv_certbot, "--version") if os.path.exists(venv_certbot) else None,
    "smoke": sys.argv[2] == "1", "seed": sys.argv[3],
}
json.dump(facts, open(sys.argv[1], "w"), indent=1)
EOF
}

if [ -z "${BENCH_IN_NETNS:-}" ]; then
    for tool in python3 curl openssl jq dig pebble certbot dehydrated unshare /usr/bin/time strip; do
        command -v "$tool" >/dev/null || { say "missing required tool: $tool"; exit 1; }
    done
    for bin in "$SANDBOX_BIN" "$HOOK_BIN"; do
        [ -x "$bin" ] || { say "not executable: $bin (run swift build -c release first)"; exit 1; }
    done
    rm -rf "$OUT/work" "$OUT/raw.jsonl" "$OUT/raw.json" "$OUT/results.md"
    mkdir -p "$OUT/work"
    export BENCH_STARTED=$(now)
    prepare_venv
    build_static
    machine_facts
    unshare --net --mount true 2>/dev/null ||
        { say "needs unshare --net --mount (root): the benchmark runs in a private network namespace"; exit 1; }
    BENCH_IN_NETNS=1 exec unshare --net --mount bash "$0" "${ARGS[@]}"
fi

# MARK: - Inside the namespace: Pebble, sandbox

ip link set lo up || { say "cannot bring up lo"; exit 1; }
WORK=$OUT/work
RAW=$OUT/raw.jsonl
ACME_DIR=https://127.0.0.1:14000/dir
API_KEY="bench$(openssl rand -hex 4).$(openssl rand -hex 16)"
PEBBLE_PID= SANDBOX_PID=
: >"$WORK/hook.conf" && chmod 600 "$WORK/hook.conf"
export IONOS_ACME_CONFIG=$WORK/hook.conf IONOS_ACME_RESOLVER=127.0.0.1:53 IONOS_ACME_DNS_PORT=53 \
    IONOS_ACME_PROPAGATION_TIMEOUT=120

# shellcheck source=../Tests/EndToEnd/lib.sh
. "$ROOT/Tests/EndToEnd/lib.sh"
finish() {
    [ -n "$SANDBOX_PID" ] && stop_pid "$SANDBOX_PID"
    [ -n "$PEBBLE_PID" ] && stop_pid "$PEBBLE_PID"
}
trap finish EXIT
trap 'exit 130' INT TERM

# emit JSON: one line of raw figures.
emit() { printf '%s\n' "$1" >>"$RAW"; }

# Pebble with a private TLS CA (the same set-up as Tests/EndToEnd/run.sh).
start_pebble() {
    local d=$WORK/pebble
    make_pebble_tls "$d" "bench CA" || return 1
    CA_PEM=$d/ca.pem
    printf 'nameserver 127.0.0.1\n' >"$d/resolv.conf"
    mount --bind "$d/resolv.conf" /etc/resolv.conf || return 1
    write_pebble_config "$d/cfg.json" "$d" 14000 15000 5002 5001
    PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 \
        pebble -config "$d/cfg.json" -dnsserver 127.0.0.1:53 >"$d/pebble.log" 2>&1 &
    PEBBLE_PID=$!
    poll 300 curl -sf --cacert "$CA_PEM" "$ACME_DIR"
}

# start_sandbox DIR LAG [ZONES-FILE]: a fresh sandbox with its own request log; exports the hook's environment.
start_sandbox() {
    local d=$1 lag=$2 zones=()
    [ -n "${3:-}" ] && zones=(--zones "$3")
    mkdir -p "$d/state"
    "$SANDBOX_BIN" --dns-port 53 --lag "$lag" --api-key "$API_KEY" "${zones[@]}" \
        --ready-file "$d/ready.json" --request-log "$d/requests.jsonl" >"$d/sandbox.log" 2>&1 &
    SANDBOX_PID=$!
    poll 300 test -s "$d/ready.json" || { say "the sandbox did not start (see $d/sandbox.log)"; return 1; }
    IONOS_API_URL=$(jq -r .api "$d/ready.json")
    SANDBOX_BASE=${IONOS_API_URL%/dns}
    export IONOS_API_URL IONOS_API_KEY=$API_KEY IONOS_ACME_STATE_DIR=$d/state
    poll 100 curl -sf "$SANDBOX_BASE/_sandbox/state"
}

stop_sandbox() { [ -n "$SANDBOX_PID" ] && stop_pid "$SANDBOX_PID"; SANDBOX_PID=; }

# MARK: - 1 Hook latency

bench_latency() {
    local runs=$1 i
    say "1 latency: $runs runs of present with random per-nameserver lags in 0..5 s"
    for i in $(seq 1 "$runs"); do
        local d=$WORK/latency/$i lags v t0 t1 rc
        lags=$(python3 "$TOOLS" lags "$SEED" "$i")
        start_sandbox "$d" "$lags" || return 1
        v=$(python3 "$TOOLS" value)
        t0=$(now)
        "$HOOK_BIN" present example.test --value "$v" >"$d/hook.log" 2>&1
        rc=$? t1=$(now)
        curl -sf "$SANDBOX_BASE/_sandbox/state" >"$d/state.json"
        "$HOOK_BIN" cleanup example.test --value "$v" >>"$d/hook.log" 2>&1
        stop_sandbox
        emit "$(jq -cn --arg lags "$lags" --argjson rc $rc --argjson hook "$(elapsed "$t0" "$t1")" \
            --argjson lat "$(python3 "$TOOLS" latency "$d/state.json" "$v" "$lags" "$t1")" \
            '{scenario: "latency", lags: $lags, ok: ($rc == 0), hook_seconds: $hook} + $lat')"
    done
}

# MARK: - 2 + 3 certbot, dehydrated

NAMES=()
for z in 1 2 3 4 5; do NAMES+=("site$z.test" "*.site$z.test"); done

# certbot_run ROW DIR LAG ARGS...: one certbot certonly for the 10 names against a fresh sandbox.
certbot_run() {
    local row=$1 d=$2 lag=$3 t0 t1 rc n args=()
    shift 3
    for n in "${NAMES[@]}"; do args+=(-d "$n"); done
    start_sandbox "$d" "$lag" "$WORK/sites.json" || return 1
    printf 'dns_ionos_prefix = %s\ndns_ionos_secret = %s\ndns_ionos_endpoint = %s\n' \
        "${API_KEY%%.*}" "${API_KEY#*.}" "$SANDBOX_BASE" >"$d/ionos.ini" && chmod 600 "$d/ionos.ini"
    t0=$(now)
    REQUESTS_CA_BUNDLE=$CA_PEM NAIVE_DNS_PORT=53 timeout -k 10 600 "$CERTBOT" certonly --non-interactive \
        --agree-tos --register-unsafely-without-email --server "$ACME_DIR" --cert-name bench \
        --config-dir "$d/certbot/config" --work-dir "$d/certbot/work" --logs-dir "$d/certbot/logs" \
        "$@" "${args[@]}" >"$d/certbot.out" 2>&1
    rc=$? t1=$(now)
    stop_sandbox
    # certbot goes on when a hook fails (the record may be there anyway): such a run does not count as ok.
    local hook_errors
    hook_errors=$(grep -c "reported error code" "$d/certbot.out")
    [ "$hook_errors" = 0 ] || { say "  $row: $hook_errors hook call(s) failed (see $d/certbot.out)"; [ $rc != 0 ] || rc=1; }
    emit "$(jq -cn --arg row "$row" --arg lag "$lag" --argjson rc $rc --argjson total "$(elapsed "$t0" "$t1")" \
        --argjson auth "$(python3 "$TOOLS" certbot-auth "$d/certbot/logs/letsencrypt.log" 2>/dev/null || echo null)" \
        --argjson req "$(python3 "$TOOLS" requests "$d/requests.jsonl")" --arg extra "${ROW_NOTE:-}" \
        --argjson herr "$hook_errors" \
        '{scenario: "certbot", row: $row, lag: $lag, ok: ($rc == 0), hook_errors: $herr, challenges: 10, total_seconds: $total,
          auth_seconds: $auth, requests: $req, note: $extra}')"
    return $rc
}

plugin_args() { # PROPAGATION-SECONDS or "default"
    local d=$1 p=$2
    printf '%s\n' --authenticator dns-ionos --dns-ionos-credentials "$d/ionos.ini"
    [ "$p" = default ] || printf '%s\n' --dns-ionos-propagation-seconds "$p"
}

bench_certbot() {
    local runs=$1 lag=$2 i p best=
    python3 "$TOOLS" seed site 5 >"$WORK/sites.json"
    CERTBOT=certbot
    [ -x "$VENV/bin/certbot" ] && [ "${BENCH_NO_VENV:-}" != 1 ] && CERTBOT=$VENV/bin/certbot
    say "2 certbot ($CERTBOT): 10 challenges, lag $lag, $runs runs per row"
    for i in $(seq 1 "$runs"); do
        local d=$WORK/certbot
        ROW_NOTE= certbot_run ours "$d/ours-$i" "$lag" --manual --preferred-challenges dns \
            --manual-auth-hook "$HOOK_BIN certbot-auth" --manual-cleanup-hook "$HOOK_BIN certbot-cleanup"
        ROW_NOTE= certbot_run naive "$d/naive-$i" "$lag" --manual --preferred-challenges dns \
            --manual-auth-hook "$HERE/naive-hook.sh auth" --manual-cleanup-hook "$HERE/naive-hook.sh cleanup"
    done
    if [ "$CERTBOT" = certbot ] || ! "$VENV/bin/python" -c 'import certbot_dns_ionos' 2>/dev/null; then
        say "certbot-dns-ionos is not available: plugin rows skipped"
        emit '{"scenario": "certbot", "row": "plugin-skipped"}'
        return 0
    fi
    for i in $(seq 1 "$runs"); do
        local d=$WORK/certbot/plugin-default-$i
        mkdir -p "$d"
        mapfile -t pa < <(plugin_args "$d" default)
        ROW_NOTE="propagation 10 s (default)" certbot_run plugin-default "$d" "$lag" "${pa[@]}"
    done
    [ $SMOKE = 0 ] || return 0
    for p in 9 8 7 6 5 4 3 2 1 0; do # 10 is the default, measured above
        local d=$WORK/certbot/plugin-search-$p
        mkdir -p "$d"
        mapfile -t pa < <(plugin_args "$d" "$p")
        say "  plugin search: --dns-ionos-propagation-seconds $p"
        ROW_NOTE="search $p" certbot_run plugin-search "$d" "$lag" "${pa[@]}" || break
        best=$p
    done
    [ -n "$best" ] || return 0
    for i in $(seq 1 "$runs"); do
        local d=$WORK/certbot/plugin-min-$i
        mkdir -p "$d"
        mapfile -t pa < <(plugin_args "$d" "$best")
        ROW_NOTE="propagation $best s (smallest that succeeded)" certbot_run plugin-min "$d" "$lag" "${pa[@]}"
    done
}

bench_dehydrated() {
    local runs=$1 lag=$2 i
    say "3 dehydrated HOOK_CHAIN=yes: 10 challenges, lag $lag, $runs runs"
    for i in $(seq 1 "$runs"); do
        local d=$WORK/dehydrated/$i b t0 t1 rc
        b=$d/dehydrated
        mkdir -p "$b"
        start_sandbox "$d" "$lag" "$WORK/sites.json" || return 1
        printf 'CA="%s"\nCHALLENGETYPE="dns-01"\nHOOK="%s"\nHOOK_CHAIN="yes"\nBASEDIR="%s"\nDOMAINS_TXT="%s"\n' \
            "$ACME_DIR" "$HERE/timed-hook.sh" "$b" "$b/domains.txt" >"$b/config"
        echo "${NAMES[*]}" >"$b/domains.txt"
        export IONOS_ACME_HOOK_BIN=$HOOK_BIN BENCH_HOOK_TIMES=$d/hook-times
        CURL_CA_BUNDLE=$CA_PEM dehydrated -f "$b/config" --register --accept-terms >"$d/dehydrated.out" 2>&1
        t0=$(now)
        CURL_CA_BUNDLE=$CA_PEM timeout -k 10 600 dehydrated -f "$b/config" -c >>"$d/dehydrated.out" 2>&1
        rc=$? t1=$(now)
        stop_sandbox
        emit "$(jq -cn --arg lag "$lag" --argjson rc $rc --argjson total "$(elapsed "$t0" "$t1")" \
            --argjson req "$(python3 "$TOOLS" requests "$d/requests.jsonl")" \
            --argjson auth "$(awk '$1 == "deploy_challenge" { s += $3 - $2 } END { printf "%.3f", s + 0 }' "$d/hook-times")" \
            '{scenario: "certbot", row: "dehydrated-chain", lag: $lag, ok: ($rc == 0), challenges: 10,
              total_seconds: $total, auth_seconds: $auth, requests: $req}')"
    done
}

# MARK: - 4 Process cost

# timed MODE LABEL BINARY KIND ARGS...: one run; MODE rss runs it under GNU time for the peak RSS (time's own
# RSS is far smaller), MODE wall takes the wall time from spawn to exit in Python (GNU time's %e has only
# 10 ms resolution). Emits one line either way.
timed() {
    local mode=$1 label=$2 bin=$3 kind=$4 f rss=null wall=null status
    shift 4
    if [ "$mode" = rss ]; then
        f=$(mktemp "$WORK/time.XXXXXX")
        /usr/bin/time -f '%M %x' -o "$f" "$bin" "$@" >/dev/null 2>>"$WORK/process/commands.log"
        read -r rss status <"$f"
        rm -f "$f"
    else
        read -r wall status < <(python3 "$TOOLS" wall "$bin" "$@" | jq -r '"\(.wall) \(.status)"')
    fi
    emit "$(jq -cn --arg cmd "$label" --arg kind "$kind" --argjson wall "$wall" --argjson rss "$rss" \
        --argjson st "$status" '{scenario: "process", command: $cmd, kind: $kind, wall_seconds: $wall,
        peak_rss_kib: $rss, ok: ($st == 0)}')"
}

drop_caches() { sync && echo 3 >/proc/sys/vm/drop_caches 2>/dev/null; }

bench_process() {
    local runs=$1 i v static=$STATIC_BUILD/release/ionos-acme-hook
    local ka=bench-token.0123456789abcdefghijklmnopqrstuvwxyzABCDEFG
    mkdir -p "$WORK/process"
    say "4 process cost: one run after dropping the page cache (when allowed), then $runs runs each"
    # measure LABEL BINARY ARGS...: a first run with a cold page cache (when root may drop it), then repeats.
    measure() {
        local label=$1 bin=$2 kind=warm
        shift 2
        drop_caches && kind=cold
        timed wall "$label" "$bin" "first ($kind cache)" "$@"
        for i in $(seq 1 "$runs"); do
            timed wall "$label" "$bin" repeat "$@"
            timed rss "$label" "$bin" repeat "$@"
        done
    }
    measure "--help" "$HOOK_BIN" --help
    measure "digest --key-authorization" "$HOOK_BIN" digest --key-authorization "$ka"
    [ -x "$static" ] && measure "--help (static binary)" "$static" --help
    start_sandbox "$WORK/process/sandbox" 0s || return 1
    drop_caches
    v=$(python3 "$TOOLS" value)
    timed wall "present (lag 0 s)" "$HOOK_BIN" "first (cold cache)" present example.test --value "$v"
    timed wall "cleanup" "$HOOK_BIN" "first (warm cache)" cleanup example.test --value "$v"
    for i in $(seq 1 "$runs"); do
        for mode in wall rss; do
            v=$(python3 "$TOOLS" value)
            timed $mode "present (lag 0 s)" "$HOOK_BIN" repeat present example.test --value "$v"
            timed $mode "cleanup" "$HOOK_BIN" repeat cleanup example.test --value "$v"
        done
    done
    stop_sandbox
    local sizes="{}" name path
    for name in dynamic static; do
        path=$HOOK_BIN
        [ $name = static ] && path=$static
        [ -x "$path" ] || continue
        strip -o "$WORK/process/$name.stripped" "$path"
        sizes=$(jq -c --arg n "$name" --argjson raw "$(stat -c %s "$path")" \
            --argjson s "$(stat -c %s "$WORK/process/$name.stripped")" '. + {($n): {bytes: $raw, stripped_bytes: $s}}' <<<"$sizes")
    done
    emit "$(jq -cn --argjson s "$sizes" --arg libs "$(ldd "$HOOK_BIN" | grep -c '=>')" \
        '{scenario: "size", sizes: $s, dynamic_shared_libraries: ($libs | tonumber)}')"
}

# MARK: - 5 Scale

bench_scale() {
    local runs=$1 i
    python3 "$TOOLS" seed scale 10 >"$WORK/scale-zones.json"
    say "5 scale: deploy_challenge with 100 triples over 10 zones, lag 0s..5s, $runs runs"
    for i in $(seq 1 "$runs"); do
        local d=$WORK/scale/$i t0 t1 t2 rc rc2 lines req1
        start_sandbox "$d" 0s..5s "$WORK/scale-zones.json" || return 1
        mapfile -t lines < <(python3 "$TOOLS" triples scale 10 10)
        local argv=()
        for l in "${lines[@]}"; do read -r -a parts <<<"$l"; argv+=("${parts[@]}"); done
        t0=$(now)
        "$HOOK_BIN" deploy_challenge "${argv[@]}" >"$d/hook.log" 2>&1
        rc=$? t1=$(now)
        req1=$(python3 "$TOOLS" requests "$d/requests.jsonl")
        "$HOOK_BIN" clean_challenge "${argv[@]}" >>"$d/hook.log" 2>&1
        rc2=$? t2=$(now)
        stop_sandbox
        emit "$(jq -cn --argjson ok $([ $rc = 0 ] && [ $rc2 = 0 ] && echo true || echo false) \
            --argjson p "$(elapsed "$t0" "$t1")" --argjson c "$(elapsed "$t1" "$t2")" --argjson r1 "$req1" \
            --argjson all "$(python3 "$TOOLS" requests "$d/requests.jsonl")" \
            '{scenario: "scale", ok: $ok, records: 100, zones: 10, present_seconds: $p, cleanup_seconds: $c,
              present_requests: $r1, all_requests: $all}')"
    done
}

# MARK: - Main

if [ $SMOKE = 1 ]; then R1=3 R2=1 R4=3 R5=1 LAG2=1s; else R1=20 R2=3 R4=10 R5=3 LAG2=3s; fi
start_pebble || { say "Pebble did not start"; exit 1; }
bench_latency $R1
bench_certbot $R2 $LAG2
bench_dehydrated $R2 $LAG2
bench_process $R4
bench_scale $R5
finish
trap - EXIT
PEBBLE_PID= SANDBOX_PID=
python3 "$HERE/report.py" "$OUT" "$(elapsed "$BENCH_STARTED" "$(now)")" || exit 1
say "wrote $OUT/results.md and $OUT/raw.json"
cat "$OUT/results.md"
