#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running station on embedded defaults:
# installs what is missing, builds, and runs the main job.
#   ./scripts/run.sh            (data in $XDG_DATA_HOME/vanthu, i.e. ~/.local/share/vanthu)
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVANTHU_BUILD_TESTS=OFF -DVANTHU_BUILD_BENCH=OFF
cmake --build build -j"$(nproc)" --target vanthu
# The main job today: open (create, migrate) the station's register on embedded defaults and
# report its state. The intake flow joins here when the workflow part lands (issue #7).
./build/cli/vanthu status
