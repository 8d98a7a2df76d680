#!/bin/sh
# PDF export, Affiche against polotno-node on the same designs in the same run.
#
#   bench/pdf/run.sh [OUT_DIR]        (run from the repository root)
#
# Designs: the peer's A4 poster (Polotno JSON, imported by Affiche) and a 20-page document made
# of that poster's page twenty times. For each, N exports in one warm process:
#   - Affiche (bench/pdf): print preset (vector, fonts embedded, 3 mm bleed, crop marks) and
#     screen preset (no bleed); peak RSS of the process;
#   - polotno-node (one reused tab, its fastest mode): jsonToPDF at its default pixelRatio 1
#     (a 72-dpi JPEG per page) and at 300 dpi (what print needs); peak memory of node + Chromium.
# Reports median ms per export (after a cold first one), file size and peak memory; ratio =
# polotno / Affiche. The machine is noisy (2 shared cores): compare ratios from one run.
# Needs node 20+, Debian's chromium and Go; polotno-node is set up under /tmp, never in the
# repository (../shared/bench/polotno-node/README.md).
set -eu
ROOT=$(pwd)
[ -f "$ROOT/go.mod" ] || { echo "run from the repository root" >&2; exit 2; }
OUT=${1:-/tmp/pdf-bench}
PEER_SRC=${PEER_SRC:-$ROOT/../shared/bench/polotno-node}
PEER=${PEER:-/tmp/polotno-node}
N=${N:-7}
mkdir -p "$OUT"
if [ ! -d "$PEER/node_modules/polotno-node" ]; then
	echo "setting up polotno-node in $PEER" >&2
	rm -rf "$PEER" && cp -r "$PEER_SRC" "$PEER" && chmod -R u+w "$PEER"
	(cd "$PEER" && PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null)
fi
go build -o "$OUT/bench-pdf" ./bench/pdf
cp "$PEER/designs/poster.json" "$OUT/poster.json"
node -e "
const fs=require('fs'); const j=JSON.parse(fs.readFileSync(process.argv[1],'utf8'));
const p=j.pages[0]; j.pages=[];
for (let i=0;i<20;i++) { const c=JSON.parse(JSON.stringify(p)); c.id=p.id+'-'+i;
  const walk=(e)=>{ if (e.id) e.id=e.id+'-'+i; (e.children||[]).forEach(walk); }; (c.children||[]).forEach(walk); j.pages.push(c); }
fs.writeFileSync(process.argv[2], JSON.stringify(j));" "$OUT/poster.json" "$OUT/poster-20.json"

# field LOG NAME: a field of a tool's last RESULT line.
field() { node -e "const l=require('fs').readFileSync(process.argv[1],'utf8').trim().split('\n').filter(s=>s.startsWith('RESULT ')).pop(); const r=JSON.parse(l.slice(7)); const v=process.argv[2].split('.').reduce((o,k)=>o==null?o:o[k],r); console.log(v==null?'':v)" "$1" "$2"; }
mb() { awk -v b="$1" 'BEGIN { printf "%.2f MB", b/1048576 }'; }

REPORT=$OUT/report.md
{
	echo "# PDF export: Affiche vs polotno-node — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
	echo "Median ms of $N warm exports (after a cold first one). Memory: peak RSS of Affiche's process; peak PSS of node + Chromium."
	echo
	echo "| design | tool | output | ms | size | memory |"
	echo "|---|---|---|---|---|---|"
} > "$REPORT"
for design in poster poster-20; do
	for preset in print screen; do
		log=$OUT/affiche-$design-$preset.log
		"$OUT/bench-pdf" -design "$OUT/$design.json" -n "$N" -preset "$preset" -out "$OUT/affiche-$design-$preset.pdf" > "$log"
		echo "| $design | Affiche | $preset preset (vector) | $(field "$log" medianMs) | $(mb "$(field "$log" bytes)") | $(field "$log" peakRSSMB | cut -d. -f1) MB |" >> "$REPORT"
	done
	for dpi in 72 300; do
		log=$OUT/polotno-$design-$dpi.log
		(cd "$PEER" && node render.js --batch "$OUT/$design.json" "$N" --pages reuse --format pdf --dpi "$dpi" --mem --quiet --out "$OUT/polotno-$design-$dpi.pdf") > "$log" 2>&1
		pss=$(field "$log" peakMem.pssKB)
		size=$(stat -c %s "$OUT/polotno-$design-$dpi.pdf")
		echo "| $design | polotno-node | raster PDF ${dpi} dpi | $(field "$log" warmMedian) | $(mb "$size") | $((pss / 1024)) MB |" >> "$REPORT"
	done
done
cat "$REPORT"
