# Shell functions shared by the end-to-end suite (Tests/EndToEnd/run.sh) and the benchmark (bench/run.sh).
# Source it; it defines functions only.

# poll TRIES COMMAND...: runs COMMAND every 0.1 s until it succeeds, at most TRIES times; 1 on time-out.
poll() {
    local tries=$1 i=0
    shift
    until "$@" >/dev/null 2>&1; do
        i=$((i + 1))
        [ "$i" -lt "$tries" ] || return 1
        sleep 0.1
    done
}

# stop_pid PID: TERM, a bounded wait, then KILL.
stop_pid() {
    local pid=$1 i=0
    kill "$pid" 2>/dev/null || return 0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 0
}

# make_pebble_tls DIR CA-NAME: a private CA (DIR/ca.pem) and Pebble's certificate for localhost and
# 127.0.0.1 (DIR/pebble.pem, DIR/pebble.key); the package ships none.
make_pebble_tls() {
    local d=$1 name=$2
    mkdir -p "$d"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=$name" \
        -keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null || return 1
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
        -keyout "$d/pebble.key" -out "$d/pebble.csr" 2>/dev/null || return 1
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$d/ext"
    openssl x509 -req -in "$d/pebble.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 2 \
        -extfile "$d/ext" -out "$d/pebble.pem" 2>/dev/null
}

# write_pebble_config FILE TLS-DIR ACME-PORT MGMT-PORT HTTP-PORT TLS-PORT
write_pebble_config() {
    cat >"$1" <<EOF_CFG
{"pebble": {"listenAddress": "127.0.0.1:$3", "managementListenAddress": "127.0.0.1:$4",
 "certificate": "$2/pebble.pem", "privateKey": "$2/pebble.key",
 "httpPort": $5, "tlsPort": $6, "ocspResponderURL": "", "externalAccountBindingRequired": false}}
EOF_CFG
}
