#!/usr/bin/env bash
# Builds the embedded example (examples/embedded: diameter-core's codec and
# peer state machine as a Gy client on the Cortex-M4F of QEMU's mps2-an386,
# CCR code included; run it with qemu.sh) for
# thumbv7em-none-eabihf in release with opt-level "z", and prints its flash
# and static RAM use, and how much of the code is diameter-core's.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target/embedded}"
target=thumbv7em-none-eabihf
rustup target list --installed | grep -qx "$target" || rustup target add "$target"
(cd "$here/embedded" && cargo build --release --locked --target "$target")
elf="$CARGO_TARGET_DIR/$target/release/diameter-embedded-example"

size=$(command -v arm-none-eabi-size || command -v llvm-size || true)
nm=$(command -v arm-none-eabi-nm || command -v llvm-nm || true)
if [ -z "$size" ] || [ -z "$nm" ]; then
    echo "needs arm-none-eabi-size/nm (binutils-arm-none-eabi) or llvm-size/nm" >&2
    exit 1
fi
"$size" -A "$elf"
"$size" -A "$elf" | awk '
    $1 == ".vector_table" || $1 == ".text" || $1 == ".rodata" { flash += $2 }
    $1 == ".data" { flash += $2; ram += $2 }
    $1 == ".bss" || $1 == ".uninit" { ram += $2 }
    END {
        printf "flash: %d bytes (%.1f KiB): .vector_table + .text + .rodata + .data\n", flash, flash / 1024
        printf "RAM:   %d bytes static: .data + .bss + .uninit (the node and its buffers live on the stack)\n", ram
    }'
"$nm" -C -S -t d "$elf" | awk '
    $3 ~ /^[tT]$/ { n = $2 + 0; all += n; if ($0 ~ /diameter_core::/) core += n }
    END {
        printf "code:  %d bytes of functions, %d (%.1f KiB) of them diameter-core (wire, dict, peer; not counting what was inlined elsewhere)\n", all, core, core / 1024
    }'
