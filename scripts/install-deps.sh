#!/usr/bin/env bash
# Installs the Debian packages thidua builds with, only those that are missing.
# Called by `make`; safe to run again. Exits non-zero with a clear message when
# it cannot install (not root and no sudo, no network, unknown package).
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config
  libboost-graph-dev libboost-program-options-dev
  libeigen3-dev libgtest-dev libgmock-dev libbenchmark-dev
  libtomlplusplus-dev nlohmann-json3-dev libfmt-dev libfast-float-dev libicu-dev
  libtbb-dev libsqlite3-dev libssl-dev
  libxlsxwriter-dev libzip-dev libpugixml-dev
  # The tests open thidua's files in real programs: LibreOffice converts the .xlsx
  # headless, Chromium loads the HTML report (python3 drives it over DevTools).
  python3 libreoffice-calc-nogui chromium-headless-shell fonts-dejavu-core
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "thidua: installing missing Debian packages: ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "thidua: cannot install ${missing[*]}: run as root or install them with apt-get" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
  # The package lists may be missing or stale on a fresh machine.
  $SUDO apt-get update -qq >/dev/null 2>&1 || true
  if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
    echo "thidua: apt-get could not install: ${missing[*]}" >&2
    exit 1
  fi
fi
