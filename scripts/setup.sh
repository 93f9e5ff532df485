#!/usr/bin/env bash
# Installs the Debian packages of deps/debian.txt that are missing (with sudo when not root), then
# configures and builds greenlane into build/. Safe to run again: it only does what is left to do.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
while read -r pkg; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' deps/debian.txt)
if [ ${#missing[@]} -gt 0 ]; then
	echo "setup: installing ${missing[*]}"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

[ -f build/build.ninja ] || meson setup build --buildtype=debugoptimized
meson compile -C build
