#!/bin/sh
# Side-by-side comparison of Affiche and polotno-node on the same Polotno designs.
#
#   bench/polotno/compare.sh [OUT_DIR]        (run from the repository root)
#
# For every page of every design in $DESIGNS (default: ../shared/bench/polotno-node/designs)
# it renders a PNG with polotno-node (the Polotno editor in headless Chromium) and with
# `affiche render` (which imports the Polotno JSON itself), at 72 dpi and at $DPI_HI (300), and
# reports:
#   - MAD: mean absolute difference per channel, 0–255 (ImageMagick `compare -metric MAE`);
#   - over: the share of pixels that differ by more than $FUZZ (10 %) of the range;
#   - a diff image (differing pixels in red) and a side-by-side strip: affiche | polotno | diff;
#   - speed, median ms per render: polotno-node in one process with one reused tab (its fastest
#     mode; "first" is its cold first render) against Affiche in one process (bench/polotno/warm:
#     import + draw + PNG encoding each time), and Affiche as a fresh `affiche render` process per
#     render (start-up and font loading included). ratio = polotno warm / Affiche warm.
# Results go to OUT_DIR (default /tmp/polotno-compare): report.md, PNGs, diffs.
#
# Needs: node 20+, Debian's chromium, ImageMagick, Go. polotno-node is set up under /tmp
# (never in the repository) as ../shared/bench/polotno-node/README.md says, on first run.
set -eu

ROOT=$(pwd)
[ -f "$ROOT/go.mod" ] || { echo "run from the repository root" >&2; exit 2; }
OUT=${1:-/tmp/polotno-compare}
PEER_SRC=${PEER_SRC:-$ROOT/../shared/bench/polotno-node}
PEER=${PEER:-/tmp/polotno-node}
DESIGNS=${DESIGNS:-$PEER_SRC/designs}
RUNS=${RUNS:-7}            # timed renders per design and resolution (the first is cold)
DPI_HI=${DPI_HI:-300}
FUZZ=${FUZZ:-10%}
AFFICHE=$OUT/affiche

for tool in node compare convert identify go; do
	command -v $tool >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done
[ -x /usr/lib/chromium/chromium ] || [ -n "${CHROMIUM:-}" ] || { echo "missing: chromium (apt-get install chromium)" >&2; exit 2; }

mkdir -p "$OUT"
if [ ! -d "$PEER/node_modules/polotno-node" ]; then
	echo "setting up polotno-node in $PEER" >&2
	rm -rf "$PEER" && cp -r "$PEER_SRC" "$PEER" && chmod -R u+w "$PEER"
	(cd "$PEER" && PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null)
fi
echo "building affiche" >&2
go build -o "$AFFICHE" ./cmd/affiche
go build -o "$OUT/warm" ./bench/polotno/warm

# json FILE EXPR: evaluates a JavaScript expression on the parsed JSON file (as j).
json() { node -e "const j=JSON.parse(require('fs').readFileSync(process.argv[1],'utf8')); console.log($2)" "$1"; }
# result LOG FIELD: a field of polotno-node's last "RESULT {json}" line.
result() { node -e "const l=require('fs').readFileSync(process.argv[1],'utf8').trim().split('\n').filter(s=>s.startsWith('RESULT ')).pop(); console.log(JSON.parse(l.slice(7))[process.argv[2]])" "$1" "$2"; }
# median of numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
now_ms() { date +%s%3N; }

REPORT=$OUT/report.md
{
	echo "# Affiche vs polotno-node — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m)"
	echo
	echo "MAD = mean absolute difference per channel (0–255); over = pixels differing by more than $FUZZ."
	echo "Speed: median ms of $RUNS renders. polotno-node: one process, one reused tab (first = its cold render)."
	echo "Affiche: one process (import + draw + PNG each time), and a fresh \`affiche render\` process per render."
	echo "ratio = polotno warm / Affiche warm (higher is faster for Affiche). load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
	echo "| design | page | dpi | size | MAD | over | polotno warm | polotno first | affiche warm | affiche process | ratio |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|"
} > "$REPORT"

for design in "$DESIGNS"/*.json; do
	name=$(basename "$design" .json)
	pages=$(json "$design" "j.pages.length")
	p=1
	while [ "$p" -le "$pages" ]; do
		# polotno-node renders a design's first page: give it one page at a time.
		single=$OUT/$name-p$p.json
		node -e "const fs=require('fs'); const j=JSON.parse(fs.readFileSync(process.argv[1],'utf8')); j.pages=[j.pages[+process.argv[3]-1]]; fs.writeFileSync(process.argv[2], JSON.stringify(j))" "$design" "$single" "$p"
		for dpi in 72 "$DPI_HI"; do
			base=$OUT/$name-p$p-$dpi
			# polotno-node: RUNS renders in one process, one reused tab.
			(cd "$PEER" && node render.js --batch "$single" "$RUNS" --pages reuse --dpi "$dpi" --out "$base-polotno.png" --quiet) > "$base-polotno.log" 2>&1 ||
				{ echo "polotno-node failed on $name page $p, see $base-polotno.log" >&2; p=$((p + 1)); continue 2; }
			warm=$(result "$base-polotno.log" warmMedian | awk '{printf "%.1f", $1}')
			first=$(result "$base-polotno.log" first | awk '{printf "%.1f", $1}')
			# affiche: RUNS fresh processes.
			: > "$base-affiche.times"
			i=0
			while [ "$i" -lt "$RUNS" ]; do
				t0=$(now_ms)
				"$AFFICHE" render "$design" -o "$base-affiche.png" --page "$p" --dpi "$dpi" 2> "$base-affiche.log"
				echo $(($(now_ms) - t0)) >> "$base-affiche.times"
				i=$((i + 1))
			done
			proc=$(median < "$base-affiche.times")
			"$OUT/warm" -n "$RUNS" -dpi "$dpi" -page "$p" "$design" > "$base-warm.log"
			aff=$(result "$base-warm.log" warmMedian | awk '{printf "%.1f", $1}')
			size=$(identify -format '%wx%h' "$base-affiche.png")
			psize=$(identify -format '%wx%h' "$base-polotno.png")
			if [ "$size" != "$psize" ]; then
				echo "$name page $p at $dpi dpi: sizes differ ($size vs $psize); the polotno image is resized to compare" >&2
				convert "$base-polotno.png" -resize "$size!" "$base-polotno.png"
			fi
			# MAE prints "absolute (normalized)"; AE prints the count of differing pixels.
			mae=$(compare -metric MAE "$base-affiche.png" "$base-polotno.png" null: 2>&1 | sed 's/.*(\(.*\)).*/\1/') || true
			ae=$(compare -metric AE -fuzz "$FUZZ" "$base-affiche.png" "$base-polotno.png" null: 2>&1 | awk '{print $1}') || true
			compare -fuzz "$FUZZ" -highlight-color red -lowlight-color white "$base-affiche.png" "$base-polotno.png" "$base-diff.png" 2>/dev/null || true
			convert "$base-affiche.png" "$base-polotno.png" "$base-diff.png" +append "$base-side.png"
			total=$(identify -format '%[fx:w*h]' "$base-affiche.png")
			mad=$(awk -v v="$mae" 'BEGIN {printf "%.2f", v * 255}')
			over=$(awk -v a="$ae" -v t="$total" 'BEGIN {printf "%.2f %%", 100 * a / t}')
			ratio=$(awk -v p="$warm" -v a="$aff" 'BEGIN {printf "%.2f×", p / a}')
			echo "| $name | $p | $dpi | $size | $mad | $over | $warm | $first | $aff | $proc | $ratio |" >> "$REPORT"
			echo "$name page $p at $dpi dpi: MAD $mad, over $over, polotno $warm ms warm, affiche $aff ms warm, $proc ms per process" >&2
		done
		p=$((p + 1))
	done
done
echo >> "$REPORT"
echo "Images: $OUT/*-side.png (affiche | polotno | diff)." >> "$REPORT"
cat "$REPORT"
