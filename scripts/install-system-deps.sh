#!/usr/bin/env bash
# Debian packages the tests need: Chromium for the browser tests, Pango and fonts for
# WeasyPrint, poppler-utils to read PDFs back, gettext to compile the translations.
# Installs only what is missing; needs root (or sudo).
set -euo pipefail
PACKAGES=(chromium poppler-utils gettext fonts-inter fonts-liberation2 fonts-noto-core
          libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing system packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
