#!/usr/bin/env bash
# Builds the embedded example (examples/embedded) for the Cortex-M4F of
# QEMU's mps2-an386, prints its flash and RAM (../size.sh), and runs it in
# qemu-system-arm with UART0 connected over TCP to the Diameter server at
# HOST:PORT (a `diameter ocs`). The example logs through semihosting and
# ends QEMU with status 0 when its whole Gy session went as expected; this
# script exits with QEMU's status (124 if QEMU had to be stopped by the
# timeout, QEMU_TIMEOUT seconds, default 120).
#
#   core/examples/qemu.sh 127.0.0.1:3868
set -euo pipefail
if [ $# -ne 1 ] || [[ "$1" != *:* ]]; then
    echo "usage: $0 HOST:PORT" >&2
    exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target/embedded}"
"$here/size.sh"
elf="$CARGO_TARGET_DIR/thumbv7em-none-eabihf/release/diameter-embedded-example"
command -v qemu-system-arm >/dev/null || {
    echo "needs qemu-system-arm (apt-get install qemu-system-arm)" >&2
    exit 1
}
# QEMU runs under `timeout` in the background so that a signal to this
# script stops it too (through timeout, which passes the signal on).
timeout --kill-after=5 "${QEMU_TIMEOUT:-120}" qemu-system-arm \
    -machine mps2-an386 -cpu cortex-m4 -nographic -monitor none \
    -semihosting-config enable=on,target=native \
    -serial "tcp:$1" \
    -kernel "$elf" &
qemu=$!
trap 'kill "$qemu" 2>/dev/null || true' EXIT
trap 'exit 143' INT TERM
status=0
wait "$qemu" || status=$?
echo "qemu exit status: $status"
exit "$status"
