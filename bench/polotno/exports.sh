#!/bin/sh
# Export speed, Affiche against polotno-node, side by side in one run on the peer's designs:
# PNG at 72 and 300 dpi (page 1) and PDF, each tool warm in one process (Affiche in-process as
# the server exports, with its image cache and page pool: bench/export and bench/pdf;
# polotno-node with one reused tab, its fastest mode).
#
#   bench/polotno/exports.sh [OUT_DIR]        (run from the repository root)
#
# REPS rounds (default 2) of N renders (default 12) per design, format and resolution. Prints a
# table of medians over the rounds: ms per export, the ratio polotno / Affiche, the ratio of CPU
# time per export (steadier than wall time on a shared machine), Affiche's peak RSS. polotno-node's
# PDF is a raster image per page (at 72 dpi by default, at 300 dpi for print); Affiche's is vector
# with embedded fonts (print preset: bleed and crop marks). Raw RESULT lines go to OUT_DIR.
# Needs node 20+, Debian's chromium and Go; polotno-node set up as ../shared/bench/polotno-node/
# README.md says (PEER, default /tmp/polotno-node).
set -eu
ROOT=$(pwd)
[ -f "$ROOT/go.mod" ] || { echo "run from the repository root" >&2; exit 2; }
OUT=${1:-/tmp/polotno-exports}
PEER=${PEER:-/tmp/polotno-node}
DESIGNS=${DESIGNS:-$ROOT/../shared/bench/polotno-node/designs}
N=${N:-12}
REPS=${REPS:-2}
[ -d "$PEER/node_modules/polotno-node" ] || { echo "set up polotno-node in $PEER first" >&2; exit 2; }
mkdir -p "$OUT"
go build -o "$OUT/export" ./bench/export
go build -o "$OUT/pdf" ./bench/pdf
LOG=$OUT/results.txt
: > "$LOG"
peer() { (cd "$PEER" && node render.js --batch "$1" "$N" --pages reuse --format "$2" --dpi "$3" --quiet 2>&1 | grep '^RESULT'); }
rep=1
while [ "$rep" -le "$REPS" ]; do
	for design in "$DESIGNS"/*.json; do
		d=$(basename "$design" .json)
		echo "round $rep, $d (load $(cut -d' ' -f1 /proc/loadavg))" >&2
		for dpi in 72 300; do
			echo "POLOTNO $d png $dpi $(peer "$design" png $dpi)" >> "$LOG"
			echo "AFFICHE $d png $dpi $("$OUT/export" -design "$design" -n "$N" -dpi $dpi | grep '^RESULT')" >> "$LOG"
			echo "POLOTNO $d pdf $dpi $(peer "$design" pdf $dpi)" >> "$LOG"
		done
		echo "AFFICHE $d pdf print $("$OUT/pdf" -design "$design" -n "$N" -preset print | grep '^RESULT')" >> "$LOG"
	done
	rep=$((rep + 1))
done
node - "$LOG" <<'JS'
const lines = require('fs').readFileSync(process.argv[2], 'utf8').trim().split('\n');
const med = (v) => { const s = [...v].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const r = {};
const add = (k, f, v) => { r[k] = r[k] || {}; (r[k][f] = r[k][f] || []).push(v); };
for (const l of lines) {
  const [tool, d, fmt, dpi] = l.split(' ');
  const j = JSON.parse(l.slice(l.indexOf('RESULT ') + 7));
  if (tool === 'POLOTNO') {
    add(`${d} ${fmt} ${dpi}`, 'p', j.warmMedian); add(`${d} ${fmt} ${dpi}`, 'pc', j.warmCpuMsPerRender);
  } else if (fmt === 'png') {
    add(`${d} png ${dpi}`, 'a', j.medianMs); add(`${d} png ${dpi}`, 'ac', j.cpuMsPerExport); add(`${d} png ${dpi}`, 'rss', j.peakRSSMB);
  } else {
    add(`${d} pdf`, 'a', j.medianMs); add(`${d} pdf`, 'rss', j.peakRSSMB);
  }
}
console.log('| design | export | polotno-node ms | Affiche ms | ratio | CPU ratio | Affiche peak RSS MB |');
console.log('|---|---|---|---|---|---|---|');
for (const d of [...new Set(lines.map((l) => l.split(' ')[1]))]) {
  for (const dpi of ['72', '300']) {
    const k = r[`${d} png ${dpi}`];
    console.log(`| ${d} | PNG ${dpi} dpi | ${med(k.p).toFixed(0)} | ${med(k.a).toFixed(1)} | ${(med(k.p) / med(k.a)).toFixed(1)}× | ${(med(k.pc) / med(k.ac)).toFixed(1)}× | ${Math.max(...k.rss).toFixed(0)} |`);
  }
  const a = r[`${d} pdf`];
  for (const dpi of ['72', '300']) {
    const p = r[`${d} pdf ${dpi}`];
    console.log(`| ${d} | PDF (polotno raster ${dpi} dpi; Affiche vector, print) | ${med(p.p).toFixed(0)} | ${med(a.a).toFixed(1)} | ${(med(p.p) / med(a.a)).toFixed(1)}× | | ${Math.max(...a.rss).toFixed(0)} |`);
  }
}
JS
