#!/usr/bin/env bash
# Install Debian's chromium for the browser tests (idempotent; Playwright's own download does not work here).
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -d /usr/share/fonts/truetype/noto ]; then
    echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
# The emoji font makes 👍/👎 and the screenshots readable.
$SUDO apt-get install -y chromium fonts-noto-color-emoji
/usr/bin/chromium --version
