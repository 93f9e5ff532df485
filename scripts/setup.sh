#!/usr/bin/env bash
# Installs the Debian packages of deps/debian.txt that are missing (with sudo when not root), then
# configures and builds greenlane into build/ and the web app into web/dist. Safe to run again: it
# only does what is left to do.
set -euo pipefail
cd "$(dirname "$0")/.."

# present PKG: whether what package PKG provides is on the machine. Node.js and npm count as present
# when their commands exist, whichever way they were installed (a newer Node.js is kept as it is).
present() {
	case "$1" in
	nodejs) command -v node >/dev/null 2>&1 ;;
	npm) command -v npm >/dev/null 2>&1 ;;
	*) dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' ;;
	esac
}

missing=()
while read -r pkg; do
	present "$pkg" || missing+=("$pkg")
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

# newer_than STAMP PATH...: whether STAMP is missing or any file under the PATHs is newer.
newer_than() {
	local stamp="$1"
	shift
	[ -e "$stamp" ] || return 0
	[ -n "$(find "$@" -newer "$stamp" -print -quit 2>/dev/null)" ]
}

# npm_install DIR: installs DIR's packages exactly as its package-lock.json says, when needed.
npm_install() {
	if newer_than "$1/node_modules/.package-lock.json" "$1/package.json" "$1/package-lock.json"; then
		echo "setup: npm ci in $1"
		(cd "$1" && npm ci --no-audit --no-fund --loglevel=error)
	fi
}

npm_install web
if newer_than web/dist/index.html web/src web/public web/index.html web/vite.config.js web/plugins \
	web/package-lock.json; then
	echo "setup: building the web app"
	(cd web && npm run build --silent)
fi
npm_install tests/e2e
