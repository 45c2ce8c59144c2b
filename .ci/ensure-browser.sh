#!/usr/bin/env bash
# Make a Chromium available for the browser tests (tests/browser).
# Order: one already installed; Debian/Ubuntu's package when we are root; Playwright's own
# download (works on machines with open internet). Prints what it found; never fails the build
# by itself: the browser tests report a missing browser clearly (and fail under CI=true).
set -u
PY=${1:-python3}
for exe in "${KERASNB_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
  if [ -n "$exe" ] && [ -x "$exe" ]; then echo "browser: $exe"; exit 0; fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "browser: installing Debian's chromium"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    && [ -x /usr/bin/chromium ] && { echo "browser: /usr/bin/chromium"; exit 0; }
fi
echo "browser: trying Playwright's Chromium download"
"$PY" -m playwright install chromium >/dev/null 2>&1 && { echo "browser: Playwright's chromium"; exit 0; }
echo "browser: none found; browser tests will be skipped (or fail under CI=true)"
exit 0
