#!/usr/bin/env bash
# End-to-end tests of the web app (meson suite "e2e"): makes a demo database, starts
# `greenlane serve` on a free loopback port with the built web app, and drives Debian's headless
# chromium through it with playwright-core (tests/e2e/e2e.mjs). Prints TAP. Skips, as TAP, only when
# chromium is not installed; scripts/setup.sh installs it, builds web/dist and the test's packages.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="${SOURCE_ROOT:-$(cd "$here/../.." && pwd)}"
chromium="${CHROMIUM:-/usr/bin/chromium}"

if [ ! -x "$chromium" ]; then
	echo "1..0 # SKIP chromium is not installed ($chromium)"
	exit 0
fi
for need in node "$root/web/dist/index.html" "$here/node_modules/playwright-core"; do
	if ! command -v "$need" >/dev/null 2>&1 && [ ! -e "$need" ]; then
		echo "Bail out! $need is missing: run scripts/setup.sh"
		exit 1
	fi
done
export GREENLANE="${GREENLANE:-$root/build/greenlane}"
export CHROMIUM="$chromium"
export WEB_DIST="$root/web/dist"
export SCREENSHOTS="${SCREENSHOTS:-$here/screenshots}"
exec node "$here/e2e.mjs"
