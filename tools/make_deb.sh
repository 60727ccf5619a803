#!/bin/sh
# make_deb.sh - builds patina's Debian package (what `make deb` runs):
# from the release tarball (make dist), a build of its own configured for
# /usr without sanitizers, installed into a staging tree, with the library
# dependencies dpkg-shlibdeps finds in the binary. Needs dpkg-dev; no
# debhelper, no root (dpkg-deb --root-owner-group makes root own the
# files).
#
#   sh tools/make_deb.sh TARBALL OUTDIR
set -eu

TARBALL=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
OUTDIR=$(cd "$2" && pwd)
for tool in dpkg-deb dpkg-shlibdeps dpkg-architecture; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "make deb: $tool is missing (apt-get install dpkg-dev)" >&2
		exit 1
	}
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/patina-deb.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM
ROOT=$WORK/root
mkdir -p "$ROOT"
tar -xzf "$TARBALL" -C "$WORK"
BUILD=$(echo "$WORK"/patina-*/)
SRCDIR=$BUILD
(cd "$BUILD" && ./configure --prefix=/usr --sysconfdir=/etc >/dev/null &&
	make -j2 >/dev/null && make install DESTDIR="$ROOT" >/dev/null)
strip --strip-unneeded "$ROOT/usr/bin/patina"

VERSION=$(sed -n 's/^PACKAGE_VERSION = //p' "$BUILD/Makefile")
ARCH=$(dpkg-architecture -qDEB_HOST_ARCH)

# Debian's layout: compressed man page, the copyright and README in doc/
gzip -9n "$ROOT/usr/share/man/man1/patina.1"
DOC=$ROOT/usr/share/doc/patina
mkdir -p "$DOC"
cp "$SRCDIR/README.md" "$DOC/"
cat >"$DOC/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: patina
Source: $(sed -n 's/^PACKAGE_BUGREPORT = //p' "$BUILD/Makefile" | sed 's,/issues$,,')

Files: *
Copyright: the patina authors
License: see the source distribution
COPYRIGHT

# the shared libraries the binary links, as package dependencies
mkdir -p "$WORK/shlibs/debian"
printf 'Source: patina\n\nPackage: patina\nArchitecture: any\n' >"$WORK/shlibs/debian/control"
DEPENDS=$(cd "$WORK/shlibs" && dpkg-shlibdeps -O "$ROOT/usr/bin/patina" 2>/dev/null |
	sed -n 's/^shlibs:Depends=//p')

mkdir -p "$ROOT/DEBIAN"
cat >"$ROOT/DEBIAN/control" <<CONTROL
Package: patina
Version: $VERSION
Architecture: $ARCH
Maintainer: patina authors <patina@users.noreply.invalid>
Installed-Size: $(du -sk "$ROOT/usr" | cut -f1)
Depends: $DEPENDS
Recommends: ncurses-term
Section: utils
Priority: optional
Homepage: $(sed -n 's/^PACKAGE_BUGREPORT = //p' "$BUILD/Makefile" | sed 's,/issues$,,')
Description: keyboard-driven terminal client for the Copper CRM
 patina browses, searches, filters and edits Copper records in the
 terminal: lists, details, a pipeline board and one-shot commands
 (find, show, set, url) for scripts, over SSH as well as locally.
CONTROL

DEB=$OUTDIR/patina_${VERSION}_${ARCH}.deb
dpkg-deb --root-owner-group -Zxz --build "$ROOT" "$DEB" >/dev/null
echo "$DEB"
