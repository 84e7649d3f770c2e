#!/usr/bin/env bash
# Installs the Debian packages ThreeWays builds against (idempotent, needs root or sudo).
# --with-browser also installs Chromium, which scripts/check_report_in_browser.sh (run by
# CI) uses to open report.html headless.
set -euo pipefail
packages=(libopenblas-dev libpng-dev libgd-dev libsqlite3-dev pkg-config)
if [ "${1:-}" = "--with-browser" ]; then
    packages+=(chromium)
fi
missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "system packages present: ${packages[*]}"
    exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}"
echo "installed: ${missing[*]}"
