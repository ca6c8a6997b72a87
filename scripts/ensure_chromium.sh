#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (/usr/bin/chromium) through Playwright; Playwright's
# own browser download cannot work here. The handout's tests read its PDF with poppler
# (pdftotext, pdfimages, pdfinfo). Install what is missing via apt when we are root, else explain.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
command -v pdftotext >/dev/null && command -v pdfimages >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "ensure_chromium: installing ${missing[*]} with apt-get" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "ensure_chromium: ${missing[*]} missing. Install them first:" >&2
echo "    sudo apt-get update && sudo apt-get install ${missing[*]}" >&2
exit 1
