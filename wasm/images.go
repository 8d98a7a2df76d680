package main

import (
	"context"
	"fmt"
	"image"
	"math"
	"strconv"
	"strings"

	"affiche/renderer"
	"affiche/scene"
)

// The browser decodes photos (createImageBitmap is ~25× faster than Go's decoders in wasm) and
// hands Go their pixels at about the size they take on screen; SVGs are handed over as bytes
// (Go draws them). imageSet keeps what was handed over and tells which elements need more.

// upgradeRatio is how much larger than the pixels at hand an element must be drawn before a
// sharper copy is asked for.
const upgradeRatio = 1.3

// maxHandedPixels is the most pixels the page hands over for one image (web/js/resources.js
// uses the same cap): a copy that large is never upgraded.
const maxHandedPixels = 16_000_000

// imageEntry is one image or SVG at hand.
type imageEntry struct {
	src *renderer.Source
	// Width and Height of the pixels handed over; Natural* of the original file.
	w, h               int
	naturalW, naturalH int
	svg                bool
}

// imageNeed asks the page for an image's pixels (Width × Height at least, within the
// original's size) or, for an SVG, its bytes.
type imageNeed struct {
	URL    string `json:"url"`
	Width  int    `json:"width,omitempty"`
	Height int    `json:"height,omitempty"`
}

type imageSet struct {
	m       map[string]*imageEntry
	missing map[string]bool
	// The renderer decodes data: URLs itself (in Go: ~25× slower than the browser), so elements
	// are drawn with a short alias of each data: URL the page has handed over.
	aliases map[string]string // data: URL → alias
	byAlias map[string]string // alias → data: URL
}

// aliasScheme prefixes the stand-ins of data: URLs; the loader resolves them.
const aliasScheme = "affiche-page:"

func newImageSet() *imageSet {
	return &imageSet{m: map[string]*imageEntry{}, missing: map[string]bool{}, aliases: map[string]string{}, byAlias: map[string]string{}}
}

// alias returns the stand-in of a data: URL that is at hand (ok false otherwise).
func (s *imageSet) alias(url string) (string, bool) {
	if s.m[url] == nil {
		return "", false
	}
	a, ok := s.aliases[url]
	if !ok {
		a = aliasScheme + strconv.Itoa(len(s.aliases)+1)
		s.aliases[url], s.byAlias[a] = a, url
	}
	return a, true
}

// withAliases returns el, or a copy of it whose data: sources at hand are replaced by their
// aliases, so the renderer takes the browser-decoded pixels.
func (s *imageSet) withAliases(el *scene.Element) *scene.Element {
	if !hasDataSrc(el) {
		return el
	}
	c := el.Clone()
	var visit func(e *scene.Element)
	visit = func(e *scene.Element) {
		if strings.HasPrefix(e.Src, "data:") {
			if a, ok := s.alias(e.Src); ok {
				e.Src = a
			}
		}
		for _, ch := range e.Children {
			visit(ch)
		}
	}
	visit(c)
	return c
}

func hasDataSrc(el *scene.Element) bool {
	if strings.HasPrefix(el.Src, "data:") {
		return true
	}
	for _, ch := range el.Children {
		if hasDataSrc(ch) {
			return true
		}
	}
	return false
}

// setPixels keeps the decoded RGBA pixels (not premultiplied) of an image.
func (s *imageSet) setPixels(url string, w, h int, pix []byte, naturalW, naturalH int) {
	img := &image.NRGBA{Pix: pix, Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
	if naturalW <= 0 || naturalH <= 0 {
		naturalW, naturalH = w, h
	}
	s.m[url] = &imageEntry{src: renderer.NewDecodedSource(url, img), w: w, h: h, naturalW: naturalW, naturalH: naturalH}
	delete(s.missing, url)
}

// setSource keeps raw bytes (an SVG, or an image the page could not decode).
func (s *imageSet) setSource(url string, data []byte) error {
	src, err := renderer.NewSource(url, data)
	if err != nil {
		return err
	}
	s.m[url] = &imageEntry{src: src, w: src.Width, h: src.Height, naturalW: src.Width, naturalH: src.Height, svg: src.Mime == "image/svg+xml"}
	delete(s.missing, url)
	return nil
}

// Load implements renderer.Loader over what the page handed over.
func (s *imageSet) Load(ctx context.Context, url string) (*renderer.Source, error) {
	if orig, ok := s.byAlias[url]; ok {
		url = orig
	}
	if e := s.m[url]; e != nil {
		return e.src, nil
	}
	return nil, fmt.Errorf("%s: %w", shortURL(url), renderer.ErrNotFound)
}

func shortURL(u string) string {
	if len(u) > 80 {
		return u[:77] + "…"
	}
	return u
}

// needs lists the images and SVGs an element (with its children) lacks at `scale` device
// pixels per point.
func (s *imageSet) needs(el *scene.Element, scale float64) (images, sources []imageNeed) {
	var visit func(el *scene.Element)
	visit = func(el *scene.Element) {
		for _, ch := range el.Children {
			visit(ch)
		}
		if el.Hidden || el.Src == "" {
			return
		}
		switch el.Type {
		case scene.TypeSVG:
			if s.m[el.Src] == nil && !s.missing[el.Src] {
				sources = append(sources, imageNeed{URL: el.Src})
			}
		case scene.TypeImage:
			if n, ok := s.need(el.Src, el.Width, el.Height, el.Crop, scale); ok {
				images = append(images, n)
			}
		}
	}
	visit(el)
	return images, sources
}

// need says whether an image drawn into a w × h pt box (showing the crop part of it) at scale
// lacks pixels, and how many it wants.
func (s *imageSet) need(url string, w, h float64, crop *scene.Rect, scale float64) (imageNeed, bool) {
	if s.missing[url] {
		return imageNeed{}, false
	}
	cw, ch := 1.0, 1.0
	if crop != nil && crop.Width > 0 && crop.Height > 0 {
		cw, ch = crop.Width, crop.Height
	}
	wantW := int(math.Ceil(w * scale / cw))
	wantH := int(math.Ceil(h * scale / ch))
	e := s.m[url]
	if e == nil {
		return imageNeed{URL: url, Width: wantW, Height: wantH}, true
	}
	if e.svg || e.src.Mime != "image/x-decoded" {
		return imageNeed{}, false
	}
	// Sharp enough when the pixels at hand cover the box, or are already the original's.
	if e.w >= e.naturalW || e.w*e.h >= maxHandedPixels*9/10 || (float64(wantW) <= float64(e.w)*upgradeRatio && float64(wantH) <= float64(e.h)*upgradeRatio) {
		return imageNeed{}, false
	}
	return imageNeed{URL: url, Width: wantW, Height: wantH}, true
}

// bytes reports the memory the decoded pixels take.
func (s *imageSet) bytes() int {
	n := 0
	for _, e := range s.m {
		n += e.w * e.h * 4
	}
	return n
}
