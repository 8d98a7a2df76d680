#!/usr/bin/env bash
# Runs Affiche's benchmarks and, when the peer is set up, the side-by-side export comparison
# with polotno-node on the same designs in the same run. Figures are medians; the machine is
# noisy, so compare ratios measured together, never absolute numbers across runs.
#
#   bench/run.sh            # Go benchmarks + export comparison
#   PEER=/tmp/polotno-node bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-5}
PEER=${PEER:-/tmp/polotno-node}
DESIGNS=${DESIGNS:-../shared/bench/polotno-node/designs}
N=${N:-12}

echo "== Go benchmarks (count=$COUNT) =="
go test -run '^$' -bench . -benchmem -count "$COUNT" \
  ./renderer/... ./scene/... ./library/... ./internal/... ./wasm/editor/... 2>&1 | grep -E '^(Benchmark|ok|pkg:)' || true

echo
echo "== Export, warm, in-process (Affiche) vs reused tab (polotno-node), N=$N =="
for design in "$DESIGNS"/poster.json; do
  for dpi in 72 300; do
    go run ./bench/export -design "$design" -n "$N" -dpi "$dpi" -format png | tail -1
    if [ -d "$PEER/node_modules" ]; then
      (cd "$PEER" && node render.js --batch "$OLDPWD/$design" "$N" --pages reuse --format png --dpi "$dpi" --quiet | tail -1)
    fi
  done
done
echo
echo "== Editor in headless Chromium: download size, cold load, drag frame work, tab memory =="
if command -v chromium >/dev/null 2>&1; then
  go run ./bench/editor || true
else
  echo "(chromium not installed: apt-get install chromium)"
fi

if [ ! -d "$PEER/node_modules" ]; then
  echo "(polotno-node not set up in $PEER: see ../shared/bench/polotno-node/README.md)"
fi
