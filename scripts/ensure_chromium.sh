#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (/usr/bin/chromium) through Playwright; Playwright's
# own browser download cannot work here. Install it via apt when we are root, else explain.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "ensure_chromium: installing Debian's chromium with apt-get" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    chromium fonts-dejavu-core >/dev/null
  exit 0
fi
echo "ensure_chromium: /usr/bin/chromium is missing. Install Debian's Chromium first:" >&2
echo "    sudo apt-get update && sudo apt-get install chromium" >&2
exit 1
