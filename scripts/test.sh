#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to every test run: installs what is missing, builds
# everything (warnings are errors when CI=true), runs the whole suite with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
build=${VANTHU_BUILD_DIR:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVANTHU_BUILD_TESTS=ON -DVANTHU_BUILD_BENCH=ON
cmake --build "$build" -j"$(nproc)"
cd "$build"
ctest --output-on-failure -j"$(nproc)" --timeout 600
