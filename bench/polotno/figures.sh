#!/bin/sh
# Draws every Polotno figure subType with polotno-node (400 × 400 px each, black on white) and
# compares Affiche's outlines with them (IoU per subtype):
#
#   bench/polotno/figures.sh [OUT_DIR]        (run from the repository root)
#
# The rendering is Polotno's output and stays outside the repository (OUT_DIR, default
# /tmp/polotno-figures). polotno-node must be set up as compare.sh does (PEER=/tmp/polotno-node).
set -eu
ROOT=$(pwd)
[ -f "$ROOT/go.mod" ] || { echo "run from the repository root" >&2; exit 2; }
OUT=${1:-/tmp/polotno-figures}
PEER=${PEER:-/tmp/polotno-node}
[ -d "$PEER/node_modules/polotno-node" ] || { echo "set up polotno-node first (bench/polotno/compare.sh does)" >&2; exit 2; }
mkdir -p "$OUT"
node - "$OUT" <<'JS'
const fs = require('fs');
const out = process.argv[2];
const names = ('rect circle star triangle rightTriangle diamond pentagon hexagon speechBubble cross arc cloud ' +
  'rightArrow leftArrow downArrow upArrow asterisk1 asterisk2 bookmark butterfly cylinder diamond2 door drop1 drop2 ' +
  'explosion flag flower frame heart1 home home2 hourglass house keyhole kiss leaf lightning1 lightning2 magnet ' +
  'mithosis orangeRicky party pillow polygon rainbow rhodeIsland shell shield1 shield2 skewedRectangle softFlower ' +
  'softStar stairs1 stairs2 teewee').split(' ');
const S = 400, G = 40, cols = 8, rows = Math.ceil(names.length / cols);
const children = names.map((s, i) => ({ id: 'f' + i, type: 'figure', subType: s, x: G + (i % cols) * (S + G),
  y: G + Math.floor(i / cols) * (S + G), width: S, height: S, fill: '#000000', strokeWidth: 0 }));
fs.writeFileSync(out + '/figures.json', JSON.stringify({ width: G + cols * (S + G), height: G + rows * (S + G),
  fonts: [], dpi: 72, unit: 'px', schemaVersion: 4, pages: [{ id: 'p', background: 'white', children }] }));
fs.writeFileSync(out + '/names.json', JSON.stringify(names));
JS
(cd "$PEER" && node render.js "$OUT/figures.json" "$OUT/figures.png" --quiet >/dev/null)
POLOTNO_FIGURES=$OUT/figures.png POLOTNO_FIGURES_NAMES=$OUT/names.json go test -count=1 -run FiguresMatchPolotno -v ./scene/polotno
