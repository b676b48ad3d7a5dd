#!/bin/sh
# acme.sh DNS API shim for ionos-acme-hook.
#
# Install: copy this file to ~/.acme.sh/dnsapi/dns_ionos_hook.sh (or ~/.acme.sh/), then
#   acme.sh --issue --dns dns_ionos_hook -d example.com -d '*.example.com' --dnssleep 1
# ionos-acme-hook waits until every authoritative nameserver serves the record, so acme.sh's
# own public DoH check is not needed: --dnssleep N replaces it with a plain N-second sleep.
# The binary is found through $IONOS_ACME_HOOK_BIN, else through PATH; credentials come from
# its usual environment variables or config file, never from this shim.

# Usage: dns_ionos_hook_add _acme-challenge.www.example.com "txt-value"
dns_ionos_hook_add() {
  _ionos_hook_run present "$1" "$2"
}

# Usage: dns_ionos_hook_rm _acme-challenge.www.example.com "txt-value"
dns_ionos_hook_rm() {
  _ionos_hook_run cleanup "$1" "$2"
}

# Runs the binary and reports through acme.sh's _info/_err when they exist; returns its status.
_ionos_hook_run() {
  _ionos_hook_action="$1"
  _ionos_hook_name="$2"
  _ionos_hook_value="$3"
  _ionos_hook_bin="${IONOS_ACME_HOOK_BIN:-ionos-acme-hook}"
  _ionos_hook_say info "ionos-acme-hook $_ionos_hook_action $_ionos_hook_name"
  "$_ionos_hook_bin" "$_ionos_hook_action" "$_ionos_hook_name" --value "$_ionos_hook_value"
  _ionos_hook_status=$?
  if [ "$_ionos_hook_status" -ne 0 ]; then
    _ionos_hook_say err "ionos-acme-hook $_ionos_hook_action $_ionos_hook_name failed (exit $_ionos_hook_status)"
  fi
  return "$_ionos_hook_status"
}

_ionos_hook_say() {
  if [ "$1" = err ]; then
    if command -v _err >/dev/null 2>&1; then _err "$2"; else echo "$2" >&2; fi
  else
    if command -v _info >/dev/null 2>&1; then _info "$2"; else echo "$2" >&2; fi
  fi
}
