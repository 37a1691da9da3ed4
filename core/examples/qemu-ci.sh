#!/usr/bin/env bash
# CI check of the embedded example against a real OCS:
#
# 1. starts `diameter ocs` on a loopback port with a temporary SQLite store
#    holding one account for the example's subscriber, runs
#    `qemu.sh 127.0.0.1:PORT` (the emulated Cortex-M4F's Gy session), which
#    must exit 0, stops the OCS, and checks with `diameter accounts` that
#    the account was debited by exactly the Used-Service-Unit the MCU
#    reported;
# 2. runs the example again through bridge.py, a byte copier that breaks
#    the CCA-Initial: with --corrupt-cca its Result-Code AVP's length (the
#    MCU rejects the answer and disconnects with DPR), with
#    --corrupt-length its Message Length (the framing is lost, so is the
#    connection). Each time QEMU must exit on its own, with a non-zero
#    status, before its timeout: a hang or a fault fails.
#
# Every process it starts is stopped on any exit. DIAMETER may name a
# prebuilt `diameter` binary; otherwise it is built (debug profile, which
# the test suite reuses).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
imsi=001010000000001
octets=10000000
if [ -z "${DIAMETER:-}" ]; then
    (cd "$root" && cargo build --locked -p diameter-apps --bin diameter)
    DIAMETER="$root/target/debug/diameter"
fi
tmp="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
    echo "qemu-ci: FAIL: $*" >&2
    exit 1
}

# Starts an OCS on a free loopback port with store $1; sets ocs_pid and
# ocs_port.
start_ocs() {
    "$DIAMETER" accounts --db "$1" add "$imsi" --octets "$octets" >/dev/null
    : >"$1.log"
    "$DIAMETER" ocs --ip 127.0.0.1 --port 0 --db "$1" >>"$1.log" 2>&1 &
    ocs_pid=$!
    pids+=("$ocs_pid")
    ocs_port=""
    for _ in $(seq 100); do
        ocs_port=$(sed -n 's/^Listening on: 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$1.log")
        [ -n "$ocs_port" ] && return 0
        kill -0 "$ocs_pid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$1.log" >&2
    fail "the OCS did not start"
}

# Runs qemu.sh against $1 with its output in $2 (then shown); sets status.
run_qemu() {
    "$here/qemu.sh" "$1" >"$2" 2>&1 &
    local pid=$!
    pids+=("$pid")
    status=0
    wait "$pid" || status=$?
    cat "$2"
}

# Stops the OCS gracefully (it sends DPR to its peers and commits).
stop_ocs() {
    kill -TERM "$ocs_pid"
    timeout 20 tail --pid="$ocs_pid" -f /dev/null || fail "the OCS did not stop"
}

echo "--- the MCU's Gy session against diameter ocs"
start_ocs "$tmp/ocs.db"
run_qemu "127.0.0.1:$ocs_port" "$tmp/qemu.log"
[ "$status" -eq 0 ] || fail "qemu.sh exited with $status"
used=$(sed -n 's/.*Used-Service-Unit CC-Total-Octets \([0-9]*\)$/\1/p' "$tmp/qemu.log")
[ -n "$used" ] || fail "the MCU reported no Used-Service-Unit"
stop_ocs
"$DIAMETER" accounts --db "$tmp/ocs.db" show "$imsi" --json >"$tmp/account.json"
python3 - "$tmp/account.json" "$octets" "$used" <<'PY' || fail "the account was not debited by exactly $used octets"
import json, sys
octets = json.load(open(sys.argv[1]))["buckets"][0]
provisioned, used = int(sys.argv[2]), int(sys.argv[3])
print("qemu-ci: account octets:", octets)
ok = (octets["debited"] == used and octets["reserved"] == 0
      and octets["balance"] == provisioned - used)
sys.exit(0 if ok else 1)
PY
echo "qemu-ci: the account was debited by exactly the $used octets the MCU reported"

# A malformed CCA-Initial, one way per bridge mode, with what the MCU must
# have logged: it must exit on its own, non-zero, before its timeout.
export QEMU_TIMEOUT=60
for mode in "--corrupt-cca:FAIL: malformed AVP" "--corrupt-length:framing lost"; do
    flag=${mode%%:*}
    expect=${mode#*:}
    echo "--- bridge.py $flag: the MCU must exit, not hang"
    start_ocs "$tmp/${flag#--}.db"
    : >"$tmp/bridge.log"
    python3 -u "$here/bridge.py" 0 "127.0.0.1:$ocs_port" "$flag" >>"$tmp/bridge.log" 2>&1 &
    pids+=("$!")
    bridge_port=""
    for _ in $(seq 100); do
        bridge_port=$(sed -n 's/^bridge: listening on port \([0-9]*\)$/\1/p' "$tmp/bridge.log")
        [ -n "$bridge_port" ] && break
        sleep 0.1
    done
    [ -n "$bridge_port" ] || fail "the bridge did not start"
    run_qemu "127.0.0.1:$bridge_port" "$tmp/corrupt.log"
    cat "$tmp/bridge.log"
    grep -q "bridge: corrupted" "$tmp/bridge.log" || fail "the bridge corrupted nothing"
    [ "$status" -ne 124 ] && [ "$status" -ne 137 ] || fail "QEMU hung (timeout)"
    [ "$status" -ne 0 ] || fail "the MCU accepted a malformed CCA"
    grep -q "mcu: $expect" "$tmp/corrupt.log" || fail "the MCU did not log '$expect'"
    echo "qemu-ci: the MCU rejected the malformed CCA ($expect) and exited with $status"
    stop_ocs
done
echo "qemu-ci: ok"
