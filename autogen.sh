#!/bin/sh
# autogen.sh - prepare a fresh checkout: install the missing build and test
# dependencies (Debian, as root) or say exactly what to install, then run
# autoreconf and ./configure with the arguments given.
set -eu

cd "$(dirname "$0")"

# Debian package -> how to tell it is present without dpkg (for messages
# on other systems).
DEB_PACKAGES="autoconf automake make gcc pkg-config libncurses-dev \
libcurl4-openssl-dev ca-certificates libcjson-dev libcmark-dev python3 python3-pyte \
valgrind tmux"
# the local mirror: SQLite (FTS5) and zlib
DEB_PACKAGES="$DEB_PACKAGES libsqlite3-dev zlib1g-dev"

missing_debian() {
	for pkg in $DEB_PACKAGES; do
		status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
		case "$status" in
		*"install ok installed"*) ;;
		*) printf '%s ' "$pkg" ;;
		esac
	done
}

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
	missing=$(missing_debian)
	if [ -n "$missing" ]; then
		if [ "$(id -u)" = 0 ]; then
			echo "autogen.sh: installing: $missing"
			export DEBIAN_FRONTEND=noninteractive
			apt-get update -qq
			# shellcheck disable=SC2086
			apt-get install -y -qq --no-install-recommends $missing
		else
			echo "autogen.sh: missing packages: $missing" >&2
			echo "Install them with:" >&2
			echo "  sudo apt-get install $missing" >&2
			exit 1
		fi
	fi
else
	# Not Debian: check the tools and libraries directly.
	problems=""
	for tool in autoreconf automake pkg-config make cc python3; do
		command -v "$tool" >/dev/null 2>&1 || problems="$problems $tool"
	done
	if command -v pkg-config >/dev/null 2>&1; then
		for lib in ncursesw libcurl libcjson libcmark sqlite3 zlib; do
			pkg-config --exists "$lib" || problems="$problems $lib(development files)"
		done
	fi
	if [ -n "$problems" ]; then
		echo "autogen.sh: missing:$problems" >&2
		echo "Install autoconf, automake, pkg-config, a C11 compiler, make, python3," >&2
		echo "and the development files of ncursesw, libcurl, cJSON, libcmark, SQLite" >&2
		echo "(with FTS5) and zlib (e.g. Fedora: sudo dnf install autoconf automake" >&2
		echo " pkgconf gcc make python3 ncurses-devel libcurl-devel cjson-devel cmark-devel" >&2
		echo " sqlite-devel zlib-devel)." >&2
		exit 1
	fi
fi

autoreconf -fi
exec ./configure "$@"
