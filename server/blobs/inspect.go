package blobs

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"math"
	"net/http"

	// Decoders of the image formats accepted. TIFF is deliberately absent (a history of CVEs).
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"

	"golang.org/x/image/font/sfnt"
	_ "golang.org/x/image/webp"

	"affiche/library/svgsafe"
	"affiche/renderer/orient"
	"affiche/server/apierr"
)

var (
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
	jpegMagic = []byte{0xff, 0xd8, 0xff}
)

func unsupported(en, fr string) *apierr.Error {
	return apierr.New(http.StatusUnsupportedMediaType, apierr.UnsupportedType, en, fr)
}

func invalid(en, fr string) *apierr.Error {
	return apierr.New(http.StatusUnprocessableEntity, apierr.Unprocessable, en, fr)
}

var errUnknownType = unsupported(
	"unsupported file type: upload a PNG, JPEG, GIF, WebP or SVG image, or a TTF or OTF font",
	"type de fichier non accepté : envoyez une image PNG, JPEG, GIF, WebP ou SVG, ou une police TTF ou OTF")

// inspect decides the type of data from its bytes, checks it, and returns its description and
// the bytes to store (the sanitised copy for SVG; the input otherwise).
func (s *Store) inspect(data []byte) (Info, []byte, error) {
	if int64(len(data)) > s.limits.MaxBytes {
		return Info{}, nil, apierr.Newf(http.StatusRequestEntityTooLarge, apierr.TooLarge,
			"the file is larger than the limit of %d MB", "le fichier dépasse la limite de %d Mo", s.limits.MaxBytes>>20)
	}
	if len(data) == 0 {
		return Info{}, nil, invalid("the upload is empty", "le fichier envoyé est vide")
	}
	switch {
	case bytes.HasPrefix(data, pngMagic):
		return s.image(data, "image/png", checkPNG)
	case bytes.HasPrefix(data, jpegMagic):
		return s.image(data, "image/jpeg", checkJPEG)
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return s.image(data, "image/gif", checkGIF)
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return s.image(data, "image/webp", checkWebP)
	case bytes.HasPrefix(data, []byte("OTTO")):
		return fontInfo(data, "font/otf")
	case bytes.HasPrefix(data, []byte{0, 1, 0, 0}), bytes.HasPrefix(data, []byte("true")):
		return fontInfo(data, "font/ttf")
	case bytes.HasPrefix(data, []byte("ttcf")):
		return Info{}, nil, unsupported(
			"font collections (.ttc) are not accepted: upload each font as a separate TTF or OTF file",
			"les collections de polices (.ttc) ne sont pas acceptées : envoyez chaque police en fichier TTF ou OTF")
	case bytes.HasPrefix(data, []byte("wOFF")), bytes.HasPrefix(data, []byte("wOF2")):
		return Info{}, nil, unsupported(
			"WOFF web fonts are not accepted: upload the TTF or OTF version of the font",
			"les polices web WOFF ne sont pas acceptées : envoyez la version TTF ou OTF de la police")
	case svgsafe.IsSVG(data):
		return svgInfo(data)
	}
	return Info{}, nil, errUnknownType
}

// image checks a raster image: structure (complete, nothing appended), declared size against
// the pixel cap, then a full decode so that what is stored is known to be readable.
func (s *Store) image(data []byte, mime string, check func([]byte) error) (Info, []byte, error) {
	if err := check(data); err != nil {
		return Info{}, nil, err
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Info{}, nil, invalid("the image cannot be read: its header is damaged",
			"l'image est illisible : son en-tête est endommagé")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return Info{}, nil, invalid("the image has no pixels", "l'image ne contient aucun pixel")
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > s.limits.MaxPixels {
		return Info{}, nil, apierr.Newf(http.StatusRequestEntityTooLarge, apierr.TooLarge,
			"the image is %d × %d pixels; the limit is %d million pixels",
			"l'image fait %d × %d pixels ; la limite est de %d millions de pixels",
			cfg.Width, cfg.Height, s.limits.MaxPixels/1_000_000)
	}
	s.decode.Lock()
	_, _, err = image.Decode(bytes.NewReader(data))
	s.decode.Unlock()
	if err != nil {
		return Info{}, nil, invalid("the image is damaged or incomplete and cannot be decoded",
			"l'image est endommagée ou incomplète et ne peut pas être décodée")
	}
	// The size answered is the photo as the browser shows it (turned by its EXIF orientation).
	w, h := orient.Of(data).Size(cfg.Width, cfg.Height)
	return Info{Kind: KindImage, Mime: mime, Width: w, Height: h}, data, nil
}

var errTrailing = invalid(
	"the file holds data after the end of the image (a disguised file?): save the image again and retry",
	"le fichier contient des données après la fin de l'image (fichier déguisé ?) : réenregistrez l'image et réessayez")

var errTruncated = invalid("the image is incomplete (the upload was cut short?)",
	"l'image est incomplète (envoi interrompu ?)")

// checkPNG walks the chunks: every CRC must match and the file must end right after IEND.
func checkPNG(b []byte) error {
	i := len(pngMagic)
	for {
		if i+12 > len(b) {
			return errTruncated
		}
		n := int(binary.BigEndian.Uint32(b[i:]))
		if n < 0 || n > len(b)-i-12 {
			return errTruncated
		}
		typ := b[i+4 : i+8]
		body := b[i+4 : i+8+n]
		if crc32.ChecksumIEEE(body) != binary.BigEndian.Uint32(b[i+8+n:]) {
			return invalid("the PNG image is damaged (checksum error)", "l'image PNG est endommagée (erreur de somme de contrôle)")
		}
		i += 12 + n
		if string(typ) == "IEND" {
			break
		}
	}
	if i != len(b) {
		return errTrailing
	}
	return nil
}

// checkJPEG requires the end-of-image marker at the end (zero padding allowed).
func checkJPEG(b []byte) error {
	end := len(b)
	for end > 0 && b[end-1] == 0 && len(b)-end < 16 {
		end--
	}
	if end < 4 || b[end-2] != 0xff || b[end-1] != 0xd9 {
		if bytes.Contains(b[len(b)/2:], []byte{0xff, 0xd9}) {
			return errTrailing
		}
		return errTruncated
	}
	return nil
}

// checkGIF requires the trailer byte at the end.
func checkGIF(b []byte) error {
	if b[len(b)-1] != 0x3b {
		return errTruncated
	}
	return nil
}

// checkWebP requires the RIFF size to match the file size.
func checkWebP(b []byte) error {
	n := int64(binary.LittleEndian.Uint32(b[4:8])) + 8
	switch {
	case n > int64(len(b)):
		return errTruncated
	case n < int64(len(b)):
		return errTrailing
	}
	return nil
}

// svgInfo sanitises an SVG; the safe copy is what is stored.
func svgInfo(data []byte) (Info, []byte, error) {
	safe, err := svgsafe.Sanitize(data)
	if err != nil {
		switch {
		case errors.Is(err, svgsafe.ErrTooLarge):
			return Info{}, nil, apierr.New(http.StatusRequestEntityTooLarge, apierr.TooLarge,
				"the SVG is too large or too deeply nested", "le SVG est trop volumineux ou trop imbriqué")
		case errors.Is(err, svgsafe.ErrNotSVG):
			return Info{}, nil, errUnknownType
		}
		return Info{}, nil, invalid("the SVG cannot be read (malformed XML)", "le SVG est illisible (XML mal formé)")
	}
	w, h := svgsafe.Size(safe)
	return Info{Kind: KindSVG, Mime: "image/svg+xml", Width: int(math.Round(w)), Height: int(math.Round(h))}, safe, nil
}

// fontInfo parses a font and reads its names; a font that does not parse or cannot draw a
// glyph is refused.
func fontInfo(data []byte, mime string) (Info, []byte, error) {
	bad := invalid("the font file is damaged or not a font the renderer can read",
		"le fichier de police est endommagé ou illisible par le moteur de rendu")
	f, err := sfnt.Parse(data)
	if err != nil {
		return Info{}, nil, bad
	}
	var buf sfnt.Buffer
	if f.NumGlyphs() < 2 {
		return Info{}, nil, bad
	}
	// Every glyph's outline is read: this is what the renderer will do, and it finds fonts
	// whose tables point past the end of the file.
	for g := 0; g < f.NumGlyphs() && g < 70000; g++ {
		if _, err := f.LoadGlyph(&buf, sfnt.GlyphIndex(g), 1<<6*12, nil); err != nil && !errors.Is(err, sfnt.ErrNotFound) {
			return Info{}, nil, bad
		}
	}
	family, err := f.Name(&buf, sfnt.NameIDTypographicFamily)
	if err != nil || family == "" {
		family, _ = f.Name(&buf, sfnt.NameIDFamily)
	}
	style, err := f.Name(&buf, sfnt.NameIDTypographicSubfamily)
	if err != nil || style == "" {
		style, _ = f.Name(&buf, sfnt.NameIDSubfamily)
	}
	if family == "" {
		return Info{}, nil, bad
	}
	return Info{Kind: KindFont, Mime: mime, Family: family, Style: style}, data, nil
}
