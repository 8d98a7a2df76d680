#!/bin/sh
# Rebuilds the embedded photos from the Debian package lomiri-wallpapers-16.04 (per-file
# licences in its copyright file, kept here as COPYRIGHT.lomiri-wallpapers). Only the CC0 and
# CC-BY photos are used; the CC-BY-SA ones are left out (share-alike would bind the user's design).
# Run from the repository root on a Debian machine: sh assets/photos/update.sh
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download lomiri-wallpapers-16.04 >/dev/null && dpkg -x lomiri-wallpapers-16.04_*.deb x)
cp "$tmp/x/usr/share/doc/lomiri-wallpapers-16.04/copyright" assets/photos/COPYRIGHT.lomiri-wallpapers
go run ./assets/photos/importer -src "$tmp/x/usr/share/backgrounds" -out assets/photos
