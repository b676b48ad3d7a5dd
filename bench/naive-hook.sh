#!/bin/bash
# The common do-it-yourself certbot hook, as a baseline for the benchmark (not for production use):
#   naive-hook.sh auth      add _acme-challenge.$CERTBOT_DOMAIN TXT $CERTBOT_VALIDATION with curl, then poll
#                           that record with dig against one nameserver (the zone's first NS) until it appears
#   naive-hook.sh cleanup   delete the record whose content is $CERTBOT_VALIDATION
# Every auth call waits for its own record, so N challenges wait N times.
# Environment: IONOS_API_URL (…/dns), IONOS_API_KEY, NAIVE_DNS_PORT (default 53), NAIVE_POLL (default 1 s).
set -euo pipefail
api=$IONOS_API_URL/v1
domain=${CERTBOT_DOMAIN#\*.}
name=_acme-challenge.$domain
port=${NAIVE_DNS_PORT:-53}

call() { curl -sS --fail --max-time 30 -H "X-API-Key: $IONOS_API_KEY" -H 'Content-Type: application/json' "$@"; }

# The zone: the longest zone name that is a suffix of the domain.
read -r zone_id zone < <(call "$api/zones" | jq -r --arg d "$domain" \
    '[.[] | . as $z | select($z.name == $d or ($d | endswith("." + $z.name)))] | max_by(.name | length) | "\(.id) \(.name)"')

case ${1:-} in
auth)
    call -X POST "$api/zones/$zone_id/records" \
        -d "[{\"name\":\"$name\",\"type\":\"TXT\",\"content\":\"$CERTBOT_VALIDATION\",\"ttl\":60}]" >/dev/null
    ns=$(dig +short NS "$zone" | head -n 1)
    ip=$(dig +short A "$ns" | head -n 1)
    for _ in $(seq 1 300); do
        if dig +short -p "$port" @"$ip" TXT "$name" | tr -d '"' | grep -qxF -e "$CERTBOT_VALIDATION"; then exit 0; fi
        sleep "${NAIVE_POLL:-1}"
    done
    echo "naive-hook: $name never appeared at $ns ($ip)" >&2
    exit 1
    ;;
cleanup)
    call "$api/zones/$zone_id?recordName=$name&recordType=TXT" |
        jq -r --arg v "\"$CERTBOT_VALIDATION\"" '.records[] | select(.content == $v) | .id' |
        while read -r rid; do call -X DELETE "$api/zones/$zone_id/records/$rid" >/dev/null; done
    ;;
*)
    echo "usage: naive-hook.sh auth|cleanup" >&2
    exit 64
    ;;
esac
