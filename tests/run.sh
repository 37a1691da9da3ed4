#!/usr/bin/env bash
# Runs the whole test suite. The interop tests need freeDiameter's daemon
# and the dictionary test needs Wireshark's dictionary: both come from
# Debian's packages and are installed here when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v freeDiameterd >/dev/null || missing+=(freediameterd freediameter-extensions)
[ -d /usr/share/wireshark/diameter ] || missing+=(tshark)
command -v tc >/dev/null || missing+=(iproute2)
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
cargo test --workspace "$@"
# One node over several event loops must behave as over one: the transport
# tests once more at 2 and 4 threads (DIAMETER_TEST_THREADS, see tests/src).
for threads in 2 4; do
    echo "transport tests at $threads event-loop threads"
    DIAMETER_TEST_THREADS=$threads cargo test -p diameter-tests --test 'transport_*' "$@"
done
