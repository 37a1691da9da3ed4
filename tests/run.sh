#!/usr/bin/env bash
# Runs the whole test suite. The interop tests need freeDiameter's daemon
# and the dictionary test needs Wireshark's dictionary: both come from
# Debian's packages and are installed here when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v freeDiameterd >/dev/null || missing+=(freediameterd freediameter-extensions)
[ -d /usr/share/wireshark/diameter ] || missing+=(tshark)
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
exec cargo test --workspace "$@"
