package server

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"mime/multipart"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"affiche/assets"
	"affiche/server/apierr"
)

// pngHeaderOnly returns a valid PNG whose header declares w × h pixels, with a tiny (wrong)
// image stream: a decompression bomb's signature.
func pngHeaderOnly(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		body := append([]byte(typ), data...)
		b.Write(body)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(body))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return b.Bytes()
}

func jpegBytes(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 13)
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gifBytes(t *testing.T) []byte {
	img := image.NewPaletted(image.Rect(0, 0, 10, 10), color.Palette{color.Black, color.White})
	var b bytes.Buffer
	if err := gif.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestUploads(t *testing.T) {
	env := newEnv(t, func(c *Config, d *Deps) {
		c.MaxUploadBytes = 4 << 20
		c.MaxImagePixels = 10_000_000
	})
	pngOK := pngBytes(t, 50, 40)
	roboto, err := assets.FontFile("roboto/Roboto-Regular.ttf")
	if err != nil {
		t.Fatal(err)
	}
	script := []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="20" height="10" onload="alert(1)">` +
		`<script>alert(document.cookie)</script><rect width="20" height="10" fill="red"/>` +
		`<a href="javascript:alert(2)"><circle r="3"/></a><image href="https://evil.example/x.png"/></svg>`)
	cases := []struct {
		name   string
		ctype  string
		body   []byte
		status int
		code   string // for errors
		kind   string // for successes
	}{
		{"png", "image/png", pngOK, 201, "", "image"},
		{"png again is the same blob", "application/octet-stream", pngOK, 200, "", "image"},
		{"jpeg with a wrong content type", "text/plain", jpegBytes(t), 201, "", "image"},
		{"gif", "", gifBytes(t), 201, "", "image"},
		{"font", "font/ttf", roboto, 201, "", "font"},
		{"svg with script is sanitised", "image/svg+xml", script, 201, "", "svg"},
		{"decompression bomb", "image/png", pngHeaderOnly(100_000, 100_000), 413, apierr.TooLarge, ""},
		{"over the pixel cap", "image/png", pngHeaderOnly(4000, 3000), 413, apierr.TooLarge, ""},
		{"truncated png", "image/png", pngOK[:len(pngOK)/2], 422, apierr.Unprocessable, ""},
		{"truncated jpeg", "image/jpeg", jpegBytes(t)[:300], 422, apierr.Unprocessable, ""},
		{"png with html appended (polyglot)", "image/png", append(append([]byte{}, pngOK...), "<html><script>alert(1)</script></html>"...), 422, apierr.Unprocessable, ""},
		{"jpeg with a zip appended", "image/jpeg", append(jpegBytes(t), "PK\x03\x04 payload payload payload"...), 422, apierr.Unprocessable, ""},
		{"gif truncated", "image/gif", gifBytes(t)[:20], 422, apierr.Unprocessable, ""},
		{"damaged png checksum", "image/png", flipByte(pngOK, 40), 422, apierr.Unprocessable, ""},
		{"truncated font", "font/ttf", roboto[:len(roboto)/3], 422, apierr.Unprocessable, ""},
		{"font header, garbage", "font/ttf", append([]byte{0, 1, 0, 0}, bytes.Repeat([]byte{0xff}, 500)...), 422, apierr.Unprocessable, ""},
		{"woff", "font/woff", append([]byte("wOFF"), make([]byte, 100)...), 415, apierr.UnsupportedType, ""},
		{"font collection", "", append([]byte("ttcf"), make([]byte, 100)...), 415, apierr.UnsupportedType, ""},
		{"html", "image/png", []byte("<!doctype html><html><script>alert(1)</script></html>"), 415, apierr.UnsupportedType, ""},
		{"xml that is not svg", "image/svg+xml", []byte(`<?xml version="1.0"?><html/>`), 415, apierr.UnsupportedType, ""},
		{"svg billion laughs", "image/svg+xml", []byte(`<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&h;</text></svg>`), 422, apierr.Unprocessable, ""},
		{"malformed svg", "image/svg+xml", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>`), 422, apierr.Unprocessable, ""},
		{"empty", "image/png", nil, 422, apierr.Unprocessable, ""},
		{"too big", "image/png", append(append([]byte{}, pngOK...), make([]byte, 5<<20)...), 413, apierr.TooLarge, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := env.do("POST", "/api/blobs", c.ctype, c.body)
			if r.status != c.status {
				t.Fatalf("status %d, want %d: %s", r.status, c.status, r.body)
			}
			if c.status >= 400 {
				if e := r.apiError(t); e.Code != c.code {
					t.Errorf("code %q, want %q", e.Code, c.code)
				}
				env.healthy()
				return
			}
			var info uploadResponse
			if err := json.Unmarshal(r.body, &info); err != nil {
				t.Fatal(err)
			}
			if info.Kind != c.kind || info.URL != "/api/blobs/"+info.SHA256 || r.header.Get("Location") != info.URL {
				t.Errorf("answer %s", r.body)
			}
			got := env.do("GET", info.URL, "", nil)
			if got.status != 200 || int64(len(got.body)) != info.Size {
				t.Fatalf("GET %s: %d, %d bytes", info.URL, got.status, len(got.body))
			}
			h := got.header
			if h.Get("Content-Type") != info.Mime || !strings.Contains(h.Get("Cache-Control"), "immutable") ||
				h.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(h.Get("Content-Security-Policy"), "default-src 'none'") {
				t.Errorf("headers %v", h)
			}
			if c.kind == "svg" {
				low := strings.ToLower(string(got.body))
				for _, bad := range []string{"<script", "onload", "javascript:", "evil.example"} {
					if strings.Contains(low, bad) {
						t.Errorf("stored SVG still holds %q: %s", bad, got.body)
					}
				}
				if !strings.Contains(low, "<rect") {
					t.Errorf("the drawing was lost: %s", got.body)
				}
			}
			if c.kind == "font" && info.Family != "Roboto" {
				t.Errorf("font family %q", info.Family)
			}
			if nm := env.do("GET", info.URL, "", nil, "If-None-Match", h.Get("ETag")); nm.status != 304 {
				t.Errorf("revalidation: %d", nm.status)
			}
		})
	}
	// No temporary file is left behind by any of them.
	left, _ := os.ReadDir(filepath.Join(env.srv.cfg.DataDir, "tmp"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func flipByte(b []byte, i int) []byte {
	c := append([]byte{}, b...)
	c[i] ^= 0xff
	return c
}

func TestUploadMultipartAndPut(t *testing.T) {
	env := newEnv(t, nil)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("note", "ignored")
	fw, _ := mw.CreateFormFile("file", "photo.png")
	fw.Write(pngBytes(t, 12, 12))
	mw.Close()
	r := env.do("POST", "/api/blobs", mw.FormDataContentType(), body.Bytes())
	if r.status != 201 {
		t.Fatalf("multipart: %d %s", r.status, r.body)
	}
	if r := env.do("PUT", "/api/blobs", "", jpegBytes(t)); r.status != 201 {
		t.Fatalf("PUT: %d %s", r.status, r.body)
	}
}

func TestPathTraversal(t *testing.T) {
	env := newEnv(t, nil)
	secret := filepath.Join(filepath.Dir(env.srv.cfg.DataDir), "secret.txt")
	os.WriteFile(secret, []byte("TOP SECRET root:x:0:0"), 0o600)
	paths := []string{
		"/api/blobs/..%2f..%2fsecret.txt",
		"/api/blobs/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
		"/api/blobs/../../etc/passwd",
		"/api/blobs/" + strings.Repeat("a", 63) + "/",
		"/api/blobs/" + strings.Repeat("A", 64),
		"/api/fonts/../../../../etc/passwd",
		"/api/fonts/..%2f..%2f..%2fetc%2fpasswd",
		"/api/fonts/roboto/../catalogue.json",
		"/api/templates/..%2fcatalogue",
		"/..%2f..%2fetc%2fpasswd",
		"/../../etc/passwd",
		"/embed.go",
		"/%2e%2e/server.go",
	}
	for _, p := range paths {
		r := env.do("GET", p, "", nil)
		if r.status == 200 || bytes.Contains(r.body, []byte("root:")) || bytes.Contains(r.body, []byte("SECRET")) || bytes.Contains(r.body, []byte("package ")) {
			t.Errorf("GET %s: %d %.80s", p, r.status, r.body)
		}
	}
	env.healthy()
}
