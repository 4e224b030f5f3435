#!/usr/bin/env bash
# Installs exactly the Debian 12 packages vanthu needs to build, test and run.
# Idempotent: packages already installed are skipped, and apt is not touched when nothing is missing.
# Fails loudly (non-zero exit, the package named) when a package cannot be installed.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake pkg-config ccache git
  # core / register
  libsqlite3-dev sqlite3 nlohmann-json3-dev libargon2-dev libssl-dev openssl libicu-dev
  libcairo2-dev libpango1.0-dev
  # capture
  libsane-dev sane-utils sane-airscan libzxing-dev libtiff-dev libpng-dev libjpeg-dev
  # ocr
  libtesseract-dev tesseract-ocr-vie tesseract-ocr-eng tesseract-ocr-osd libleptonica-dev ocrmypdf libpango1.0-dev icc-profiles-free nlohmann-json3-dev
  # independent tools used by tests and bench
  unpaper libtiff-tools qrencode
  # pdf
  libpoppler-cpp-dev libpoppler-qt6-dev poppler-utils libpodofo-dev qpdf libqpdf-dev
  fonts-liberation2 fonts-dejavu-core libfontconfig-dev libfreetype-dev
  # signing
  softhsm2 libengine-pkcs11-openssl libp11-dev opensc libnss3-tools
  # uplink
  libcurl4-openssl-dev libxml2-dev libxmlsec1-dev libxmlsec1-openssl xmlsec1 libxml2-utils curl
  # workflow
  libqrencode-dev libcups2-dev
  # station-ui
  qt6-base-dev qt6-declarative-dev qml6-module-qtquick qml6-module-qtquick-controls
  qml6-module-qtquick-layouts qml6-module-qtquick-window qml6-module-qtqml-workerscript
  qml6-module-qttest qml6-module-qtquick-templates qt6-svg-dev qt6-tools-dev qt6-l10n-tools
  xvfb xauth
  # packaging
  debhelper lintian debootstrap fakeroot cage systemd systemd-container python3
  # tests
  libgtest-dev libgmock-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${#missing[@]} missing package(s): ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
if ! $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"; then
  echo "install-deps: apt-get install failed; checking which package is unavailable" >&2
  for p in "${missing[@]}"; do
    apt-cache show "$p" >/dev/null 2>&1 || echo "install-deps: package not found: $p" >&2
  done
  exit 1
fi

# Verify: every package must now be installed.
failed=0
for p in "${missing[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    echo "install-deps: still missing after install: $p" >&2
    failed=1
  fi
done
exit $failed
