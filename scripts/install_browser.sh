#!/usr/bin/env bash
# Installs Debian's Chromium + chromedriver (and Hangul + DejaVu fonts) for the UI browser tests in
# tests/ui/. Idempotent: installs only what is missing, so a second run is a no-op.
# apt only: playwright / selenium-manager browser downloads cannot reach the internet here.
set -euo pipefail
need=()
[[ -x /usr/bin/chromium ]] || need+=(chromium)
[[ -x /usr/bin/chromedriver ]] || need+=(chromium-driver)
# Without a CJK font the Korean UI renders as empty boxes in screenshots (and on terminals).
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed" \
  || need+=(fonts-noto-cjk)
# The Learn tab's check and cross marks (U+2713, U+2717) are drawn from DejaVu Sans.
dpkg-query -W -f='${Status}' fonts-dejavu-core 2>/dev/null | grep -q "install ok installed" \
  || need+=(fonts-dejavu-core)
if [[ ${#need[@]} -eq 0 ]]; then
  exit 0
fi
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install_browser: run as root or install sudo" >&2; exit 1; }
  SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
/usr/bin/chromium --version
