#!/bin/bash
# End-to-end suite: real ACME clients -> Pebble (local ACME CA) -> ionos-acme-hook -> ionos-sandbox.
#
# Usage: Tests/EndToEnd/run.sh [CASE...]      (default: every case)
# Cases and what each proves (every case issues one certificate from Pebble, whose validation
# authority asks the sandbox's DNS for the TXT records, so a pass means the records were really served):
#   certbot               certbot --manual with "ionos-acme-hook certbot-auth|certbot-cleanup" as hook
#                         strings: apex + wildcard (two values at one name, both published before
#                         validation) and the REMAINING_CHALLENGES wait.
#   dehydrated-chain-no   dehydrated HOOK=hooks/dehydrated, one deploy/clean call per challenge, plus the
#                         probe and the other events (must exit 0).
#   dehydrated-chain-yes  the same with HOOK_CHAIN=yes: one call carrying every D T V triple.
#   lego                  lego --dns exec with EXEC_PATH=hooks/lego-exec: present/cleanup FQDN. VALUE; inside
#                         the private network namespace lego also checks every authoritative nameserver itself.
#   lego-raw              the same with EXEC_MODE=RAW: the hook hashes the key authorization itself.
#   uacme                 uacme -h hooks/uacme: begin/done/failed, declining http-01 and tls-alpn-01.
#   certbot-cname         certbot via hooks/certbot-auth|certbot-cleanup for alias.example.test, whose
#                         _acme-challenge is a CNAME into zone delegated.test: the hook must follow it.
#   acmesh                acme.sh with hooks/acme.sh/dns_ionos_hook.sh (skipped when acme.sh is absent).
# After every case: the client exited 0; the certificate's SANs are exactly the requested names; it chains
# to Pebble's root; no _acme-challenge TXT record is left in the sandbox; every other record is identical
# to the snapshot taken before; the sandbox request log shows the API was used and has no PUT or PATCH.
# After all cases: no file written by the run (logs, client output, hook state, request logs) contains
# the secret half of the API key (the sandbox's own ready file and log excepted).
#
# Environment:
#   IONOS_SANDBOX_BIN      default <package>/.build/debug/ionos-sandbox
#   IONOS_ACME_HOOK_BIN    default <package>/.build/debug/ionos-acme-hook (point it at a deliberately
#                          broken hook to see each check fail)
#   E2E_LAG                sandbox --lag (default 0s,1s,1s,2s)
#   E2E_KEEP=1             keep the work directory (it is always kept when a case fails)
#   E2E_NO_NETNS=1         do not enter a private network namespace
# The suite re-executes itself under `unshare --net --mount` when it can (root): nothing can reach the
# internet, the sandbox's DNS runs on port 53 (so lego's own nameserver checks work unchanged),
# /etc/resolv.conf points at the sandbox resolver, and a CA bundle with Pebble's TLS CA is bind-mounted
# over the system bundle for uacme, which has no option to trust another CA. Without a namespace it
# falls back to loopback with free ports; lego then needs --dns.disable-cp and uacme is skipped.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ALL_CASES="certbot dehydrated-chain-no dehydrated-chain-yes lego lego-raw uacme certbot-cname acmesh"
CLIENT_TIMEOUT=300

# MARK: - Private network namespace

if [ -z "${E2E_IN_NETNS:-}" ] && [ "${E2E_NO_NETNS:-}" != 1 ]; then
    if unshare --net --mount true 2>/dev/null; then
        E2E_IN_NETNS=1 exec unshare --net --mount bash "$0" "$@"
    fi
    echo "e2e: unshare --net --mount is not available; running on the host loopback" >&2
fi
NETNS=0
if [ "${E2E_IN_NETNS:-}" = 1 ]; then
    ip link set lo up || { echo "e2e: cannot bring up lo in the namespace" >&2; exit 1; }
    NETNS=1
fi

# MARK: - Helpers

say() { printf '%s\n' "e2e: $*" >&2; }
# shellcheck source=lib.sh
. "$HERE/lib.sh"

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for DESCRIPTION TRIES COMMAND...: polls COMMAND every 0.1 s, at most TRIES times.
wait_for() {
    local what=$1
    shift
    poll "$@" || { say "timed out waiting for $what"; return 1; }
}

for tool in openssl curl python3 timeout; do
    command -v "$tool" >/dev/null || { say "missing required tool: $tool"; exit 1; }
done

# MARK: - Configuration

SANDBOX_BIN=${IONOS_SANDBOX_BIN:-$ROOT/.build/debug/ionos-sandbox}
HOOK_BIN=${IONOS_ACME_HOOK_BIN:-$ROOT/.build/debug/ionos-acme-hook}
for bin in "$SANDBOX_BIN" "$HOOK_BIN"; do
    [ -x "$bin" ] || { say "not executable: $bin (run swift build first)"; exit 1; }
done
SANDBOX_BIN=$(readlink -f "$SANDBOX_BIN") HOOK_BIN=$(readlink -f "$HOOK_BIN")
export IONOS_ACME_HOOK_BIN="$HOOK_BIN"
LAG=${E2E_LAG:-0s,1s,1s,2s}

WORK=$(mktemp -d /tmp/ionos-e2e.XXXXXX)
BUNDLE_MOUNTED=0 RESOLV_MOUNTED=0
# An empty private config file: a developer's /etc/ionos-acme-hook.conf or ~/.config one must not leak in.
: >"$WORK/hook.conf" && chmod 600 "$WORK/hook.conf"
export IONOS_ACME_CONFIG=$WORK/hook.conf
HOOK_DIR=$WORK/bin   # holds an `ionos-acme-hook` link, so certbot's hook string finds it on PATH
mkdir -p "$HOOK_DIR" && ln -s "$HOOK_BIN" "$HOOK_DIR/ionos-acme-hook"
export PATH="$HOOK_DIR:$PATH"
PEBBLE_PID=
SANDBOX_PID=
cleanup_all() {
    [ -n "$SANDBOX_PID" ] && stop_pid "$SANDBOX_PID"
    [ -n "$PEBBLE_PID" ] && stop_pid "$PEBBLE_PID"
    if [ "${E2E_KEEP:-}" = 1 ] || [ "${FAILED:-0}" -gt 0 ]; then say "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup_all EXIT
trap 'exit 130' INT TERM

if [ $NETNS = 1 ]; then
    DNS_PORT=53 ACME_PORT=14000 MGMT_PORT=15000
else
    DNS_PORT=$(free_port) ACME_PORT=$(free_port) MGMT_PORT=$(free_port)
fi
ACME_DIR="https://127.0.0.1:$ACME_PORT/dir"
# A fresh key per run: any occurrence of its secret half in our files is a leak, never a coincidence.
API_SECRET=$(openssl rand -hex 16)
API_KEY="e2e$(openssl rand -hex 4).$API_SECRET"

# MARK: - TLS for Pebble, CA bundles, resolver

make_tls() {
    local d=$WORK/tls
    make_pebble_tls "$d" "ionos-acme-hook e2e CA" || return 1
    CA_PEM=$d/ca.pem
    [ $NETNS = 1 ] || return 0
    # uacme 1.7.4 trusts only the system bundle; this mount exists only inside our namespace.
    cat /etc/ssl/certs/ca-certificates.crt "$CA_PEM" >"$d/bundle.crt"
    if mount --bind "$d/bundle.crt" /etc/ssl/certs/ca-certificates.crt; then
        BUNDLE_MOUNTED=1
    else
        say "cannot bind-mount the CA bundle: the uacme case will be skipped"
    fi
    # lego resolves the nameservers' names through the system resolver: make that the sandbox's resolver.
    printf 'nameserver 127.0.0.1\n' >"$d/resolv.conf"
    if mount --bind "$d/resolv.conf" /etc/resolv.conf; then
        RESOLV_MOUNTED=1
    else
        say "cannot bind-mount resolv.conf: lego will run with --dns.disable-cp"
    fi
}

# MARK: - Pebble

start_pebble() {
    local d=$WORK/pebble
    mkdir -p "$d"
    write_pebble_config "$d/cfg.json" "$WORK/tls" "$ACME_PORT" "$MGMT_PORT" "$(free_port)" "$(free_port)"
    PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 \
        pebble -config "$d/cfg.json" -dnsserver "127.0.0.1:$DNS_PORT" >"$d/pebble.log" 2>&1 &
    PEBBLE_PID=$!
    wait_for "Pebble" 300 curl -sf --cacert "$CA_PEM" "$ACME_DIR" || { tail -n 20 "$d/pebble.log" >&2; return 1; }
    curl -sf --cacert "$CA_PEM" "https://127.0.0.1:$MGMT_PORT/roots/0" >"$WORK/pebble-root.pem" || return 1
}

# MARK: - Sandbox

# start_sandbox CASEDIR: starts the sandbox, exports the hook's environment, snapshots the state.
start_sandbox() {
    local c=$1
    "$SANDBOX_BIN" --ready-file "$c/sandbox-ready.json" --request-log "$c/requests.jsonl" \
        --dns-port "$DNS_PORT" --lag "$LAG" --api-key "$API_KEY" >"$c/sandbox.log" 2>&1 &
    SANDBOX_PID=$!
    wait_for "the sandbox's ready file" 300 test -s "$c/sandbox-ready.json" || return 1
    eval "$(python3 - "$c/sandbox-ready.json" <<'EOF'
import json, shlex, sys
r = json.load(open(sys.argv[1]))
print("export IONOS_API_URL=%s IONOS_API_KEY=%s IONOS_ACME_RESOLVER=%s SANDBOX_BASE=%s" % tuple(
    shlex.quote(v) for v in (r["api"], r["apiKey"], r["resolver"], r["api"].rsplit("/dns", 1)[0])))
EOF
)"
    export IONOS_ACME_DNS_PORT=$DNS_PORT IONOS_ACME_STATE_DIR=$c/hook-state IONOS_ACME_PROPAGATION_TIMEOUT=120
    mkdir -p "$IONOS_ACME_STATE_DIR"
    wait_for "the sandbox API" 100 curl -sf "$SANDBOX_BASE/_sandbox/state" || return 1
    curl -sf "$SANDBOX_BASE/_sandbox/state" >"$c/state-before.json"
}

stop_sandbox() {
    [ -n "$SANDBOX_PID" ] && stop_pid "$SANDBOX_PID"
    SANDBOX_PID=
}

# MARK: - Clients (each: run_<client> CASEDIR, writes $c/cert.pem and $c/chain.pem, returns the client status)

run_certbot() { # CASEDIR AUTH-HOOK CLEANUP-HOOK DOMAIN...
    local c=$1 auth=$2 clean=$3
    shift 3
    local d args=()
    for d in "$@"; do args+=(-d "$d"); done
    REQUESTS_CA_BUNDLE=$CA_PEM timeout -k 10 $CLIENT_TIMEOUT certbot certonly --non-interactive --agree-tos \
        --register-unsafely-without-email --server "$ACME_DIR" \
        --config-dir "$c/certbot/config" --work-dir "$c/certbot/work" --logs-dir "$c/certbot/logs" \
        --manual --preferred-challenges dns --manual-auth-hook "$auth" --manual-cleanup-hook "$clean" \
        --cert-name e2e "${args[@]}" || return $?
    cp "$c/certbot/config/live/e2e/cert.pem" "$c/cert.pem" && cp "$c/certbot/config/live/e2e/chain.pem" "$c/chain.pem"
}

run_dehydrated() { # CASEDIR HOOK_CHAIN
    local c=$1 b=$1/dehydrated
    mkdir -p "$b"
    cat >"$b/config" <<EOF
CA="$ACME_DIR"
CHALLENGETYPE="dns-01"
HOOK="$ROOT/hooks/dehydrated"
HOOK_CHAIN="$2"
BASEDIR="$b"
DOMAINS_TXT="$b/domains.txt"
EOF
    echo "example.test *.example.test" >"$b/domains.txt"
    CURL_CA_BUNDLE=$CA_PEM timeout -k 10 $CLIENT_TIMEOUT dehydrated -f "$b/config" --register --accept-terms || return $?
    CURL_CA_BUNDLE=$CA_PEM timeout -k 10 $CLIENT_TIMEOUT dehydrated -f "$b/config" -c || return $?
    cp "$b/certs/example.test/cert.pem" "$c/cert.pem" && cp "$b/certs/example.test/chain.pem" "$c/chain.pem"
}

run_lego() { # CASEDIR [EXEC_MODE]
    local c=$1 cp=()
    # lego checks each authoritative NS itself, always on port 53 and by name through the system
    # resolver: only possible in the namespace with our resolv.conf.
    [ $RESOLV_MOUNTED = 1 ] || cp=(--dns.disable-cp)
    EXEC_PATH="$ROOT/hooks/lego-exec" EXEC_MODE=${2:-} EXEC_SEQUENCE_INTERVAL=1 EXEC_POLLING_INTERVAL=1 \
        EXEC_PROPAGATION_TIMEOUT=60 LEGO_CA_CERTIFICATES=$CA_PEM \
        timeout -k 10 $CLIENT_TIMEOUT lego --server "$ACME_DIR" --accept-tos --email e2e@example.test \
        --path "$c/lego" --dns exec --dns.resolvers "$IONOS_ACME_RESOLVER" "${cp[@]}" \
        -d example.test -d '*.example.test' run || return $?
    openssl x509 -in "$c/lego/certificates/example.test.crt" -out "$c/cert.pem" &&
        cp "$c/lego/certificates/example.test.issuer.crt" "$c/chain.pem"
}

run_uacme() { # CASEDIR
    local c=$1
    timeout -k 10 $CLIENT_TIMEOUT uacme -v -c "$c/uacme" -a "$ACME_DIR" -y new || return $?
    timeout -k 10 $CLIENT_TIMEOUT uacme -v -c "$c/uacme" -a "$ACME_DIR" -h "$ROOT/hooks/uacme" \
        issue example.test '*.example.test' || return $?
    openssl x509 -in "$c/uacme/example.test/cert.pem" -out "$c/cert.pem" && cp "$c/uacme/example.test/cert.pem" "$c/chain.pem"
}

run_acmesh() { # CASEDIR
    local c=$1 home=$1/acme.sh
    mkdir -p "$home/dnsapi"
    cp "$ROOT/hooks/acme.sh/dns_ionos_hook.sh" "$home/dnsapi/"
    timeout -k 10 $CLIENT_TIMEOUT acme.sh --home "$home" --config-home "$home" --server "$ACME_DIR" \
        --ca-bundle "$CA_PEM" --issue --dns dns_ionos_hook --dnssleep 1 -d example.test -d '*.example.test' || return $?
    cp "$home/example.test_ecc/example.test.cer" "$c/cert.pem" 2>/dev/null || cp "$home/example.test/example.test.cer" "$c/cert.pem"
    cp "$home"/example.test*/ca.cer "$c/chain.pem"
}

# MARK: - Checks

check_cert() { # CASEDIR NAME...: exact SAN set and chain to Pebble's root
    local c=$1
    shift
    local want got
    want=$(printf 'DNS:%s\n' "$@" | sort | paste -sd,)
    got=$(openssl x509 -in "$c/cert.pem" -noout -ext subjectAltName 2>/dev/null | tail -n +2 | tr -d ' ' | tr , '\n' | sort | paste -sd,)
    [ "$got" = "$want" ] || { echo "SANs are '$got', expected '$want'"; return 1; }
    openssl verify -CAfile "$WORK/pebble-root.pem" -untrusted "$c/chain.pem" "$c/cert.pem" >/dev/null 2>&1 ||
        { echo "certificate does not chain to Pebble's root"; return 1; }
}

check_sandbox() { # CASEDIR: records after vs. before, and the request log
    local c=$1
    python3 - "$c/state-before.json" "$c/state-after.json" "$c/requests.jsonl" <<'EOF'
import json, sys
def load(p):
    zones = json.load(open(p))["zones"]
    return {z["name"]: z["records"] for z in zones}
def challenge(r):
    return r.get("type") == "TXT" and "_acme-challenge" in r.get("name", "").split(".")
def canon(records):
    return sorted(json.dumps(r, sort_keys=True) for r in records if not challenge(r))
before, after, problems = load(sys.argv[1]), load(sys.argv[2]), []
if set(before) != set(after):
    problems.append("zones changed: %s -> %s" % (sorted(before), sorted(after)))
for zone, records in after.items():
    left = [r for r in records if challenge(r)]
    if left:
        problems.append("%d _acme-challenge TXT record(s) left in %s: %s" % (len(left), zone, [r["name"] for r in left]))
    if canon(records) != canon(before.get(zone, [])):
        problems.append("records other than _acme-challenge TXT changed in zone %s" % zone)
methods = [json.loads(line)["method"] for line in open(sys.argv[3]) if line.strip()]
bad = sorted({m for m in methods if m in ("PUT", "PATCH")})
if bad:
    problems.append("request log has %s" % ", ".join(bad))
for m in ("POST", "DELETE"):
    if m not in methods:
        problems.append("request log has no %s" % m)
print("\n".join(problems))
sys.exit(1 if problems else 0)
EOF
}

# MARK: - Cases

PASSED=0 FAILED=0 SKIPPED=0 SUMMARY=()

run_case() { # CASE
    local name=$1 c=$WORK/cases/$1 rc=0 t0 t1 why=
    local names=(example.test '*.example.test')
    mkdir -p "$c"
    case $name in
    uacme) [ $BUNDLE_MOUNTED = 1 ] || { skip "$name" "needs the mount namespace for its CA bundle"; return; } ;;
    acmesh) command -v acme.sh >/dev/null || { skip "$name" "acme.sh is not installed (not packaged in Debian)"; return; } ;;
    certbot-cname) names=(alias.example.test) ;;
    esac
    local client=${name%%-*}
    [ "$client" = acmesh ] && client=acme.sh
    if ! command -v "$client" >/dev/null; then
        FAILED=$((FAILED + 1)); SUMMARY+=("FAIL $name: $client is not installed (apt-get install $client)")
        say "FAIL $name: $client is not installed"
        return
    fi
    say "--- $name"
    t0=$(date +%s.%N)
    if ! start_sandbox "$c" >>"$c/client.log" 2>&1; then
        why="the sandbox did not start"
    else
        case $name in
        certbot) run_certbot "$c" "ionos-acme-hook certbot-auth" "ionos-acme-hook certbot-cleanup" "${names[@]}" ;;
        certbot-cname) run_certbot "$c" "$ROOT/hooks/certbot-auth" "$ROOT/hooks/certbot-cleanup" "${names[@]}" ;;
        dehydrated-chain-no) run_dehydrated "$c" no ;;
        dehydrated-chain-yes) run_dehydrated "$c" yes ;;
        lego) run_lego "$c" ;;
        lego-raw) run_lego "$c" RAW ;;
        uacme) run_uacme "$c" ;;
        acmesh) run_acmesh "$c" ;;
        *) echo "unknown case $name"; false ;;
        esac >>"$c/client.log" 2>&1
        rc=$?
        curl -sf "$SANDBOX_BASE/_sandbox/state" >"$c/state-after.json" 2>>"$c/client.log"
        if [ $rc -ne 0 ]; then
            why="client exited with status $rc"
        elif ! why=$(check_cert "$c" "${names[@]}"); then
            :
        elif ! why=$(check_sandbox "$c"); then
            :
        else
            why=
        fi
    fi
    stop_sandbox
    t1=$(date +%s.%N)
    local secs
    secs=$(python3 -c "print('%.1f' % ($t1 - $t0))")
    if [ -z "$why" ]; then
        PASSED=$((PASSED + 1)); SUMMARY+=("PASS $name (${secs}s)")
        say "PASS $name in ${secs}s"
    else
        FAILED=$((FAILED + 1)); SUMMARY+=("FAIL $name (${secs}s): ${why//$'\n'/; }")
        say "FAIL $name in ${secs}s: $why"
        say "--- last lines of $name client log:"; tail -n 60 "$c/client.log" >&2
        say "--- last lines of $name sandbox log:"; tail -n 20 "$c/sandbox.log" >&2
    fi
}

skip() { SKIPPED=$((SKIPPED + 1)); SUMMARY+=("SKIP $1: $2"); say "SKIP $1: $2"; }

# Secrets scan: the secret half of the key in any file we produced (the sandbox's ready file and log excepted).
scan_secrets() {
    local hits
    hits=$(grep -rlF -- "$API_SECRET" "$WORK" 2>/dev/null | grep -v -e '/sandbox-ready\.json$' -e '/sandbox\.log$')
    if [ -n "$hits" ]; then
        FAILED=$((FAILED + 1)); SUMMARY+=("FAIL secrets-scan: the API secret appears in: $(echo $hits)")
        say "FAIL secrets-scan: the API secret appears in:"; echo "$hits" >&2
    else
        PASSED=$((PASSED + 1)); SUMMARY+=("PASS secrets-scan")
    fi
}

# MARK: - Main

CASES=("$@")
[ ${#CASES[@]} -gt 0 ] || read -r -a CASES <<<"$ALL_CASES"
for name in "${CASES[@]}"; do
    case " $ALL_CASES " in *" $name "*) ;; *) say "unknown case: $name (known: $ALL_CASES)"; exit 64 ;; esac
done
say "work directory $WORK; network namespace: $([ $NETNS = 1 ] && echo yes || echo no); DNS port $DNS_PORT"
make_tls || { say "could not create the TLS certificates"; exit 1; }
start_pebble || { say "Pebble did not start"; exit 1; }
for name in "${CASES[@]}"; do run_case "$name"; done
scan_secrets

printf '%s\n' "${SUMMARY[@]}"
line="$PASSED passed, $FAILED failed"
[ $SKIPPED -gt 0 ] && line="$line, $SKIPPED skipped"
echo "$line"
[ $FAILED -eq 0 ]
