#!/usr/bin/env bash
# Builds and runs every benchmark; each prints its own comparison table.
# Usage: bench/run.sh [build-dir]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DVANTHU_BUILD_BENCH=ON >/dev/null
cmake --build "$build" -j"$(nproc)" --target bench_register bench_cleanup bench_ocr bench_sign bench_uplink bench_intake bench_ui_frames
"$build/bench/bench_register" 10000
"$build/bench/bench_cleanup"
"$build/bench/bench_ocr" 8
"$build/bench/bench_ocr" 8 --bitonal-300
"$build/bench/bench_sign"
"$build/bench/bench_uplink" 1000
"$build/bench/bench_intake" 6
xvfb-run -a -s "-screen 0 1920x1080x24" "$build/bench/bench_ui_frames" 20
