#!/bin/sh
# Refreshes the embedded icon sets from the npm registry (pinned versions), then rebuilds
# assets/icons/*/{icons.json.gz,index.json.gz,LICENSE} and assets/icons/sets.json.
# Run from the repository root: sh assets/icons/update.sh
# Check each licence file again when you change a version.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fetch() { # fetch DIR PACKAGE@VERSION
	mkdir -p "$tmp/$1"
	(cd "$tmp" && npm pack --silent "$2" >"$1.name")
	tar xzf "$tmp/$(cat "$tmp/$1.name")" -C "$tmp/$1"
}
fetch iconify-json-tabler @iconify-json/tabler@1.2.41
fetch iconify-json-lucide @iconify-json/lucide@1.2.137
fetch iconify-json-ph @iconify-json/ph@1.2.2
fetch iconify-json-bi @iconify-json/bi@1.2.7
fetch iconify-json-fluent-emoji-flat @iconify-json/fluent-emoji-flat@1.2.6
# Upstream packages: the licence files verbatim, and the tags Iconify's JSON does not carry.
fetch tabler-icons @tabler/icons@3.51.0
fetch lucide-static lucide-static@1.62.0
fetch phosphor-icons-core @phosphor-icons/core@2.1.1
fetch bootstrap-icons bootstrap-icons@1.13.2
# Microsoft's LICENSE for Fluent Emoji, as redistributed with the emoji by this package.
fetch fluentui-emoji-js fluentui-emoji-js@1.2.1
go run ./assets/icons/importer -src "$tmp" -out assets/icons
