#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running station on embedded defaults:
# installs what is missing, builds, and runs the main job.
#   ./scripts/run.sh            (data in $XDG_DATA_HOME/vanthu, i.e. ~/.local/share/vanthu)
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVANTHU_BUILD_TESTS=OFF -DVANTHU_BUILD_BENCH=OFF
cmake --build build -j"$(nproc)" --target vanthu
# The main job: one complete incoming intake on the embedded defaults (TEST agency 000.00.00.T99,
# self-signed TEST PKI made on first run, seal and signature from ../shared/assets, spool transport):
# scan → cleanup → header-first extraction → review (--yes: as read) → register → ĐẾN stamp →
# certified copy (agency signature) → outbox → spool. A real scanner is used when SANE finds one;
# otherwise a corpus document is read (the SANE test device only delivers test patterns).
export VANTHU_ASSETS="${VANTHU_ASSETS:-$(cd .. && pwd)/shared/assets}"
./build/cli/vanthu status
if [ -n "${VANTHU_SCAN:-}" ]; then
  ./build/cli/vanthu intake --scan --yes
else
  sample="${VANTHU_SAMPLE:-$(cd .. && pwd)/shared/corpus/dev/scans/DEV-004.pdf}"
  ./build/cli/vanthu intake "$sample" --yes
fi
./build/cli/vanthu uplink run
data="${XDG_DATA_HOME:-$HOME/.local/share}/vanthu"
echo
echo "Kết quả / Outputs:"
echo "  sổ / register:        $data/vanthu.db   (./build/cli/vanthu register list --book incoming)"
echo "  bản lưu / archive:    $data/archive/    (original.pdf, stamped.pdf, certified.pdf, meta.json)"
echo "  gói edXML / packages: $data/spool/out/"
echo "  khóa THỬ NGHIỆM / TEST PKI: $data/demo-pki/"
