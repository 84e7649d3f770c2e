#!/usr/bin/env bash
# Installs the Debian packages ThreeWays builds against (idempotent, needs root or sudo).
set -euo pipefail
packages=(libopenblas-dev libpng-dev libgd-dev libsqlite3-dev pkg-config)
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
