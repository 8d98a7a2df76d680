package offline

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
)

// Generated backgrounds are drawn by code on first request rather than stored: they add no
// bytes to the binary and no work at start-up, and being deterministic they give the same
// pixels every time (an export made later matches the preview). They are portrait, with the
// A-series ratio (√2), so they cover A4 to A0 posters.
const (
	backgroundWidth  = 1600
	backgroundHeight = 2263
)

// background is a generated background: gradients are encoded as JPEG, crisp patterns as PNG.
type background struct {
	id, titleFr, titleEn string
	tags                 []string
	png                  bool
	draw                 func(img *image.RGBA) // fills img, whatever its size
}

func (b *background) mime() string {
	if b.png {
		return "image/png"
	}
	return "image/jpeg"
}

// render draws the background at w × h and encodes it.
func (b *background) render(w, h int) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	b.draw(img)
	var buf bytes.Buffer
	var err error
	if b.png {
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		err = enc.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
	}
	return buf.Bytes(), err
}

var backgrounds = []background{
	{id: "gradient-dawn", titleFr: "Dégradé aurore", titleEn: "Dawn gradient", tags: []string{"dégradé", "gradient", "rose", "pink", "orange", "matin", "morning", "sunrise", "lever de soleil", "chaud", "warm"},
		draw: linear(160, "#ffafbd", "#ffc3a0")},
	{id: "gradient-sunset", titleFr: "Dégradé coucher de soleil", titleEn: "Sunset gradient", tags: []string{"dégradé", "gradient", "orange", "violet", "purple", "soir", "evening", "sunset", "été", "summer"},
		draw: linear(180, "#2b1055", "#d53369", "#f8b500")},
	{id: "gradient-ocean", titleFr: "Dégradé océan", titleEn: "Ocean gradient", tags: []string{"dégradé", "gradient", "bleu", "blue", "mer", "sea", "eau", "water", "frais", "cool"},
		draw: linear(180, "#a8edea", "#2f80ed", "#1c3f94")},
	{id: "gradient-forest", titleFr: "Dégradé forêt", titleEn: "Forest gradient", tags: []string{"dégradé", "gradient", "vert", "green", "nature", "écologie", "ecology", "environnement"},
		draw: linear(200, "#d4fc79", "#4caf50", "#134e3a")},
	{id: "gradient-lavender", titleFr: "Dégradé lavande", titleEn: "Lavender gradient", tags: []string{"dégradé", "gradient", "violet", "purple", "mauve", "doux", "soft", "pastel"},
		draw: linear(135, "#e0c3fc", "#8ec5fc")},
	{id: "gradient-night", titleFr: "Dégradé nuit", titleEn: "Night gradient", tags: []string{"dégradé", "gradient", "nuit", "night", "sombre", "dark", "bleu nuit", "navy", "soirée"},
		draw: linear(180, "#0f2027", "#203a43", "#2c5364")},
	{id: "gradient-tricolour", titleFr: "Bleu, blanc, rouge", titleEn: "Blue, white and red", tags: []string{"dégradé", "gradient", "tricolore", "drapeau", "flag", "france", "république", "republic", "14 juillet", "fête nationale", "national day"},
		draw: linear(90, "#1d4e9e", "#ffffff", "#ffffff", "#e1262d")},
	{id: "gradient-halo", titleFr: "Halo lumineux", titleEn: "Glow", tags: []string{"dégradé", "gradient", "radial", "lumière", "light", "projecteur", "spotlight", "jaune", "yellow"},
		draw: radial(0.5, 0.35, "#fff7d6", "#f9d976", "#f39f86")},
	{id: "gradient-mint", titleFr: "Dégradé menthe", titleEn: "Mint gradient", tags: []string{"dégradé", "gradient", "vert", "green", "menthe", "mint", "frais", "fresh", "pastel", "printemps", "spring"},
		draw: linear(160, "#f1fff4", "#96e6a1")},
	{id: "paper", titleFr: "Papier", titleEn: "Paper", tags: []string{"texture", "papier", "paper", "grain", "crème", "cream", "ancien", "vintage"},
		draw: grain("#f4efe4", 7, 1)},
	{id: "kraft", titleFr: "Papier kraft", titleEn: "Kraft paper", tags: []string{"texture", "kraft", "carton", "cardboard", "brun", "brown", "marché", "market", "artisan", "craft"},
		draw: grain("#c9a77c", 12, 2)},
	{id: "dots", titleFr: "Pois", titleEn: "Polka dots", tags: []string{"motif", "pattern", "pois", "dots", "points", "enfants", "children", "fête", "party"}, png: true,
		draw: dots("#fff4e6", "#ff8fab", 0.045, 0.012)},
	{id: "stripes", titleFr: "Rayures", titleEn: "Stripes", tags: []string{"motif", "pattern", "rayures", "stripes", "lignes", "lines", "diagonale", "diagonal"}, png: true,
		draw: stripes("#eaf4fb", "#cfe6f5", 0.03)},
	{id: "school-paper", titleFr: "Cahier d'écolier", titleEn: "School exercise book", tags: []string{"motif", "pattern", "seyès", "cahier", "notebook", "école", "school", "rentrée", "back to school", "lignes", "grille", "grid"}, png: true,
		draw: seyes()},
	{id: "grid", titleFr: "Quadrillage", titleEn: "Grid", tags: []string{"motif", "pattern", "quadrillage", "grille", "grid", "carreaux", "squares", "plan", "technique"}, png: true,
		draw: grid("#ffffff", "#d7dde8", 0.05)},
	{id: "confetti", titleFr: "Confettis", titleEn: "Confetti", tags: []string{"motif", "pattern", "confettis", "confetti", "fête", "party", "anniversaire", "birthday", "carnaval", "carnival", "célébration", "celebration"}, png: true,
		draw: confetti("#ffffff", 42)},
	{id: "waves", titleFr: "Vagues", titleEn: "Waves", tags: []string{"motif", "pattern", "vagues", "waves", "mer", "sea", "ondulations", "été", "summer", "plage", "beach"}, png: true,
		draw: waves("#e3f2fd", "#90caf9", 0.06)},
}

// rgb parses "#rrggbb".
func rgb(hex string) [3]float64 {
	var c [3]float64
	for i := range 3 {
		c[i] = float64(hexVal(hex[1+2*i])<<4 | hexVal(hex[2+2*i]))
	}
	return c
}

func hexVal(b byte) int {
	switch {
	case b >= '0' && b <= '9':
		return int(b - '0')
	case b >= 'a' && b <= 'f':
		return int(b-'a') + 10
	case b >= 'A' && b <= 'F':
		return int(b-'A') + 10
	}
	return 0
}

// bayer4 is a 4×4 ordered-dither matrix: adding it before rounding hides the bands a smooth
// gradient shows in 8-bit colour.
var bayer4 = [16]float64{0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5}

func setDithered(img *image.RGBA, x, y int, c [3]float64) {
	d := (bayer4[(y&3)*4+(x&3)]+0.5)/16 - 0.5
	i := img.PixOffset(x, y)
	for k := range 3 {
		img.Pix[i+k] = uint8(math.Max(0, math.Min(255, math.Round(c[k]+d))))
	}
	img.Pix[i+3] = 255
}

// ramp returns the colour at t (0–1) of evenly spaced stops.
func ramp(stops [][3]float64, t float64) [3]float64 {
	t = math.Max(0, math.Min(1, t))
	n := len(stops) - 1
	f := t * float64(n)
	i := min(int(f), n-1)
	f -= float64(i)
	// Smoothstep between stops avoids visible kinks at the stops.
	f = f * f * (3 - 2*f)
	var c [3]float64
	for k := range 3 {
		c[k] = stops[i][k] + (stops[i+1][k]-stops[i][k])*f
	}
	return c
}

func parseStops(hex []string) [][3]float64 {
	s := make([][3]float64, len(hex))
	for i, h := range hex {
		s[i] = rgb(h)
	}
	return s
}

// linear is a linear gradient; angle in degrees, CSS convention (180 = top → bottom).
func linear(angle float64, colours ...string) func(*image.RGBA) {
	stops := parseStops(colours)
	return func(img *image.RGBA) {
		w, h := float64(img.Rect.Dx()), float64(img.Rect.Dy())
		a := angle * math.Pi / 180
		dx, dy := math.Sin(a), -math.Cos(a)
		half := (math.Abs(w*dx) + math.Abs(h*dy)) / 2
		for y := range img.Rect.Dy() {
			for x := range img.Rect.Dx() {
				p := (float64(x)+0.5-w/2)*dx + (float64(y)+0.5-h/2)*dy
				setDithered(img, x, y, ramp(stops, (p+half)/(2*half)))
			}
		}
	}
}

// radial is a radial gradient centred at (cx, cy), fractions of the size.
func radial(cx, cy float64, colours ...string) func(*image.RGBA) {
	stops := parseStops(colours)
	return func(img *image.RGBA) {
		w, h := float64(img.Rect.Dx()), float64(img.Rect.Dy())
		r := math.Hypot(math.Max(cx, 1-cx)*w, math.Max(cy, 1-cy)*h)
		for y := range img.Rect.Dy() {
			for x := range img.Rect.Dx() {
				d := math.Hypot(float64(x)+0.5-cx*w, float64(y)+0.5-cy*h)
				setDithered(img, x, y, ramp(stops, d/r))
			}
		}
	}
}

// grain is a paper texture: a base colour, fine noise of the given amplitude and soft blotches.
func grain(base string, amp float64, seed uint64) func(*image.RGBA) {
	c := rgb(base)
	return func(img *image.RGBA) {
		rnd := rand.New(rand.NewPCG(seed, 7))
		w, h := img.Rect.Dx(), img.Rect.Dy()
		// Low-frequency blotches: value noise on a coarse lattice, bilinearly interpolated.
		const cells = 12
		lat := make([]float64, (cells+2)*(cells+2))
		for i := range lat {
			lat[i] = rnd.Float64()*2 - 1
		}
		for y := range h {
			fy := float64(y) / float64(h) * cells
			iy := int(fy)
			ty := fy - float64(iy)
			for x := range w {
				fx := float64(x) / float64(w) * cells
				ix := int(fx)
				tx := fx - float64(ix)
				v00, v10 := lat[iy*(cells+2)+ix], lat[iy*(cells+2)+ix+1]
				v01, v11 := lat[(iy+1)*(cells+2)+ix], lat[(iy+1)*(cells+2)+ix+1]
				blot := (v00*(1-tx)+v10*tx)*(1-ty) + (v01*(1-tx)+v11*tx)*ty
				n := (rnd.Float64()*2-1)*amp + blot*amp*0.6
				setDithered(img, x, y, [3]float64{c[0] + n, c[1] + n, c[2] + n*0.9})
			}
		}
	}
}

// cover returns how much of a pixel an edge at signed distance d (pixels, negative inside)
// covers, for antialiased patterns.
func cover(d float64) float64 { return math.Max(0, math.Min(1, 0.5-d)) }

// band returns how much of the pixel at m (0 ≤ m < p) lies in the second half [p/2, p) of a
// period, antialiased at both edges.
func band(m, p float64) float64 {
	if m >= p/2 {
		return cover(-math.Min(m-p/2, p-m))
	}
	return cover(math.Min(p/2-m, m))
}

func mix(a, b [3]float64, t float64) [3]float64 {
	return [3]float64{a[0] + (b[0]-a[0])*t, a[1] + (b[1]-a[1])*t, a[2] + (b[2]-a[2])*t}
}

// dots draws a staggered grid of dots; spacing and radius are fractions of the width.
func dots(bg, fg string, spacing, radius float64) func(*image.RGBA) {
	b, f := rgb(bg), rgb(fg)
	return func(img *image.RGBA) {
		w := float64(img.Rect.Dx())
		s, r := spacing*w, radius*w
		for y := range img.Rect.Dy() {
			row := math.Floor((float64(y) + 0.5) / s)
			off := 0.0
			if int(row)%2 != 0 {
				off = s / 2
			}
			cy := (row + 0.5) * s
			for x := range img.Rect.Dx() {
				col := math.Floor((float64(x) + 0.5 - off) / s)
				cx := (col+0.5)*s + off
				d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy) - r
				setDithered(img, x, y, mix(b, f, cover(d)))
			}
		}
	}
}

// stripes draws 45° stripes of width period/2 (period a fraction of the width).
func stripes(a, b string, period float64) func(*image.RGBA) {
	ca, cb := rgb(a), rgb(b)
	return func(img *image.RGBA) {
		p := period * float64(img.Rect.Dx())
		for y := range img.Rect.Dy() {
			for x := range img.Rect.Dx() {
				u := (float64(x) + float64(y)) / math.Sqrt2
				setDithered(img, x, y, mix(ca, cb, band(math.Mod(u, p), p)))
			}
		}
	}
}

// grid draws thin lines every cell (a fraction of the width).
func grid(bg, fg string, cell float64) func(*image.RGBA) {
	b, f := rgb(bg), rgb(fg)
	return func(img *image.RGBA) {
		w := float64(img.Rect.Dx())
		c, lw := cell*w, math.Max(1, w/800)
		for y := range img.Rect.Dy() {
			dy := math.Abs(math.Mod(float64(y)+0.5, c) - c/2)
			for x := range img.Rect.Dx() {
				dx := math.Abs(math.Mod(float64(x)+0.5, c) - c/2)
				d := c/2 - math.Max(dx, dy) - lw/2
				setDithered(img, x, y, mix(b, f, cover(d)))
			}
		}
	}
}

// seyes draws French school ruling: a violet line every 8 mm with three fainter lines between,
// vertical lines every 8 mm and a red margin.
func seyes() func(*image.RGBA) {
	paper, faint, strong, margin := rgb("#fdfdfb"), rgb("#c9d3ec"), rgb("#8b9fd6"), rgb("#e57373")
	return func(img *image.RGBA) {
		w := float64(img.Rect.Dx())
		big := w / 26 // 26 squares across an A4-wide page: 8 mm squares
		small := big / 4
		lw := math.Max(1, w/1000)
		mx := big * 4.5
		for y := range img.Rect.Dy() {
			fy := float64(y) + 0.5
			dySmall := math.Abs(math.Mod(fy, small) - small/2)
			dyBig := math.Abs(math.Mod(fy, big) - big/2)
			for x := range img.Rect.Dx() {
				fx := float64(x) + 0.5
				c := paper
				c = mix(c, faint, cover(small/2-dySmall-lw/2))
				dxBig := math.Abs(math.Mod(fx, big) - big/2)
				c = mix(c, strong, cover(math.Min(big/2-dyBig, big/2-dxBig)-lw/2))
				c = mix(c, margin, cover(math.Abs(fx-mx)-lw))
				setDithered(img, x, y, c)
			}
		}
	}
}

// confetti scatters small rotated rectangles and dots of festive colours (a fixed seed, so the
// same confetti every time).
func confetti(bg string, seed uint64) func(*image.RGBA) {
	b := rgb(bg)
	palette := parseStops([]string{"#e63946", "#f4a261", "#2a9d8f", "#457b9d", "#ffb703", "#8338ec", "#ff006e"})
	return func(img *image.RGBA) {
		w, h := img.Rect.Dx(), img.Rect.Dy()
		fw := float64(w)
		for y := range h {
			for x := range w {
				setDithered(img, x, y, b)
			}
		}
		rnd := rand.New(rand.NewPCG(seed, 3))
		n := 700
		for range n {
			cx, cy := rnd.Float64()*fw, rnd.Float64()*float64(h)
			col := palette[rnd.IntN(len(palette))]
			round := rnd.IntN(3) == 0
			hl := (0.004 + rnd.Float64()*0.006) * fw // half length
			hw := hl * (0.3 + rnd.Float64()*0.3)     // half width
			if round {
				hw = hl * 0.7
			}
			a := rnd.Float64() * math.Pi
			ca, sa := math.Cos(a), math.Sin(a)
			r := int(hl) + 2
			for y := max(0, int(cy)-r); y < min(h, int(cy)+r); y++ {
				for x := max(0, int(cx)-r); x < min(w, int(cx)+r); x++ {
					dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy
					var d float64
					if round {
						d = math.Hypot(dx, dy) - hw
					} else {
						u, v := dx*ca+dy*sa, -dx*sa+dy*ca
						d = math.Max(math.Abs(u)-hl, math.Abs(v)-hw)
					}
					if t := cover(d); t > 0 {
						i := img.PixOffset(x, y)
						old := [3]float64{float64(img.Pix[i]), float64(img.Pix[i+1]), float64(img.Pix[i+2])}
						c := mix(old, col, t)
						img.Pix[i], img.Pix[i+1], img.Pix[i+2] = uint8(c[0]+0.5), uint8(c[1]+0.5), uint8(c[2]+0.5)
					}
				}
			}
		}
	}
}

// waves draws horizontal sine bands alternating two colours; period is a fraction of the width.
func waves(a, b string, period float64) func(*image.RGBA) {
	ca, cb := rgb(a), rgb(b)
	return func(img *image.RGBA) {
		w := float64(img.Rect.Dx())
		p := period * w
		for y := range img.Rect.Dy() {
			for x := range img.Rect.Dx() {
				fx, fy := float64(x)+0.5, float64(y)+0.5
				u := fy + math.Sin(fx/w*2*math.Pi*3)*p*0.25
				m := math.Mod(u, p)
				if m < 0 {
					m += p
				}
				setDithered(img, x, y, mix(ca, cb, band(m, p)))
			}
		}
	}
}
