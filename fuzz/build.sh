#!/bin/sh
# Build the fuzz targets with libFuzzer on a stable toolchain: the same
# coverage instrumentation cargo-fuzz uses with `--sanitizer none`.
# Usage: fuzz/build.sh [target...]   (binaries land in fuzz/target/<host-triple>/release/)
set -eu
# An explicit --target keeps build scripts and proc macros uninstrumented.
TARGET="${TARGET:-$(rustc -vV | sed -n "s/^host: //p")}"
cd "$(dirname "$0")"
export RUSTFLAGS="${RUSTFLAGS:-} --cfg fuzzing -Cpasses=sancov-module \
-Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
-Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares \
-Cdebug-assertions -Coverflow-checks"
if [ $# -eq 0 ]; then
    exec cargo build --release --bins --target "$TARGET"
fi
for t in "$@"; do cargo build --release --target "$TARGET" --bin "$t"; done
