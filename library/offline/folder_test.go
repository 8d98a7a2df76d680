package offline

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"affiche/library"
)

// bombPNG is a valid PNG header declaring width × height pixels, followed by a few bytes of
// image data: tiny on disk, gigabytes once decoded.
func bombPNG(width, height uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		crc := crc32.NewIEEE()
		crc.Write([]byte(kind))
		crc.Write(data)
		b.WriteString(kind)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], width)
	binary.BigEndian.PutUint32(ihdr[4:], height)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(make([]byte, 4096))
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return b.Bytes()
}

func encodePNG(t *testing.T, img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t *testing.T, img image.Image) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// orgFolder builds an organisation folder with good files, junk, a bomb and links out of it.
func orgFolder(t *testing.T) (dir, outside string) {
	base := t.TempDir()
	dir = filepath.Join(base, "Communication Mairie")
	outside = filepath.Join(base, "secret")
	photo := image.NewRGBA(image.Rect(0, 0, 800, 500))
	for i := range photo.Pix {
		photo.Pix[i] = 200
	}
	logo := image.NewNRGBA(image.Rect(0, 0, 600, 600)) // transparent, with a red disc
	for y := range 600 {
		for x := range 600 {
			if (x-300)*(x-300)+(y-300)*(y-300) < 200*200 {
				logo.Set(x, y, color.NRGBA{230, 57, 70, 255})
			}
		}
	}
	write(t, filepath.Join(dir, "photos", "Fête_de_la_musique-2024.jpg"), encodeJPEG(t, photo))
	write(t, filepath.Join(dir, "logos", "logo-mairie.png"), encodePNG(t, logo))
	write(t, filepath.Join(dir, "logos", "blason.svg"), []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="140" viewBox="0 0 120 140"><script>alert(1)</script><path d="M0 0h120v100l-60 40-60-40z" fill="#1d3557" onclick="alert(2)"/></svg>`))
	write(t, filepath.Join(dir, "notes.txt"), []byte("not an image"))
	write(t, filepath.Join(dir, "fake.png"), []byte("not a png at all"))
	write(t, filepath.Join(dir, "bomb.png"), bombPNG(100_000, 100_000))
	write(t, filepath.Join(dir, ".cache", "hidden.png"), encodePNG(t, logo))
	write(t, filepath.Join(outside, "secret-plan.png"), encodePNG(t, logo))
	// Links that lead out of the folder: to a file and to a directory.
	if err := os.Symlink(filepath.Join(outside, "secret-plan.png"), filepath.Join(dir, "escape.png")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../secret", filepath.Join(dir, "escape-dir")); err != nil {
		t.Fatal(err)
	}
	return dir, outside
}

func TestAddFolder(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := orgFolder(t)
	before := c.Len()
	if err := c.AddFolder(dir); err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	f := c.Folders()
	if len(f) != 1 || f[0].Label != "communication-mairie" || f[0].Files != 3 {
		t.Fatalf("folders: %+v", f)
	}
	// notes.txt, fake.png, bomb.png and the two links out (.cache is hidden, so not counted)
	if f[0].Skipped != 5 {
		t.Errorf("skipped %d files, want 5", f[0].Skipped)
	}
	if c.Len() != before+3 {
		t.Errorf("catalogue grew by %d, want 3", c.Len()-before)
	}
	org := c.Search(library.Query{Provider: ProviderOrg, PerPage: 50})
	want := []string{
		"org:communication-mairie/logos/blason.svg",
		"org:communication-mairie/logos/logo-mairie.png",
		"org:communication-mairie/photos/Fête_de_la_musique-2024.jpg",
	}
	got := ids(org)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("org items %v, want %v", got, want)
	}
	for _, it := range org.Items {
		if it.Provider != ProviderOrg || it.Credit == nil || it.Credit.Licence != LicenceOrganisation {
			t.Errorf("%s: provider %q credit %+v", it.ID, it.Provider, it.Credit)
		}
		if strings.Contains(it.ID, "secret") || strings.Contains(it.ID, "bomb") || strings.Contains(it.ID, "hidden") {
			t.Errorf("indexed %s", it.ID)
		}
	}

	// File name words are search words, in French with or without accents, mixed with icons.
	for q, id := range map[string]string{
		"logo":                 "org:communication-mairie/logos/logo-mairie.png",
		"blason":               "org:communication-mairie/logos/blason.svg",
		"fete musique":         "org:communication-mairie/photos/Fête_de_la_musique-2024.jpg",
		"2024":                 "org:communication-mairie/photos/Fête_de_la_musique-2024.jpg",
		"logos mairie":         "org:communication-mairie/logos/logo-mairie.png",
		"fête de la musique":   "org:communication-mairie/photos/Fête_de_la_musique-2024.jpg",
		"communication mairie": "org:communication-mairie/logos/logo-mairie.png",
	} {
		if got := ids(c.Search(library.Query{Text: q, PerPage: 5})); !slices.Contains(got, id) {
			t.Errorf("%q: %v does not contain %s", q, got, id)
		}
	}

	// Sizes and formats: the photo becomes a JPEG thumbnail, the transparent logo a PNG one.
	data, mime, err := c.Data("org:communication-mairie/photos/Fête_de_la_musique-2024.jpg", library.SizeThumb)
	if err != nil || mime != "image/jpeg" {
		t.Fatalf("photo thumb: %v %s", err, mime)
	}
	if cfg, _, _ := image.DecodeConfig(bytes.NewReader(data)); cfg.Width != ThumbSide || cfg.Height != 200 {
		t.Errorf("photo thumb %d×%d, want %d×200", cfg.Width, cfg.Height, ThumbSide)
	}
	data, mime, err = c.Data("org:communication-mairie/logos/logo-mairie.png", library.SizeThumb)
	if err != nil || mime != "image/png" {
		t.Fatalf("logo thumb: %v %s", err, mime)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
		t.Error("logo thumbnail lost its transparency")
	}
	full, mime, err := c.Data("org:communication-mairie/logos/logo-mairie.png", library.SizeFull)
	if err != nil || mime != "image/png" || !bytes.Equal(full, encodePNG(t, mustDecode(t, full))) && len(full) == 0 {
		t.Errorf("logo full: %v %s", err, mime)
	}
	// The SVG is served sanitised.
	svg, err := c.SVG("org:communication-mairie/logos/blason.svg", "")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(svg, []byte("script")) || bytes.Contains(svg, []byte("onclick")) || !bytes.Contains(svg, []byte("<path")) {
		t.Errorf("SVG not sanitised: %s", svg)
	}
	if it, _ := c.Get("org:communication-mairie/logos/blason.svg"); it.Width != 120 || it.Height != 140 {
		t.Errorf("SVG size %d×%d", it.Width, it.Height)
	}
}

func mustDecode(t *testing.T, b []byte) image.Image {
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestAddFolderTraversal asks for files outside the folder by id and through a link swapped in
// after indexing: nothing outside is served.
func TestAddFolderTraversal(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	dir, outside := orgFolder(t)
	if err := c.AddFolder(dir); err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, id := range []string{
		"org:communication-mairie/../secret/secret-plan.png",
		"org:communication-mairie/escape.png",
		"org:communication-mairie/escape-dir/secret-plan.png",
		"org:secret/secret-plan.png",
		"org:" + filepath.Join(outside, "secret-plan.png"),
	} {
		if _, _, err := c.Data(id, library.SizeFull); !errors.Is(err, ErrNotFound) {
			t.Errorf("%s: err %v, want ErrNotFound", id, err)
		}
	}
	// Replace an indexed file with a link out of the folder: reading it must fail.
	logo := filepath.Join(dir, "logos", "logo-mairie.png")
	if err := os.Remove(logo); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret-plan.png"), logo); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Data("org:communication-mairie/logos/logo-mairie.png", library.SizeFull); err == nil {
		t.Error("a link swapped in after indexing was followed out of the folder")
	}
}

// TestAddFolderBomb refuses an image whose declared size is over the pixel cap, at indexing and
// if it replaces an indexed file later.
func TestAddFolderBomb(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "ok.png"), encodePNG(t, image.NewRGBA(image.Rect(0, 0, 10, 10))))
	bomb := bombPNG(100_000, 100_000)
	if len(bomb) > 200 {
		t.Fatalf("bomb is %d bytes: not a small file", len(bomb))
	}
	write(t, filepath.Join(dir, "bomb.png"), bomb)
	write(t, filepath.Join(dir, "just-over.png"), bombPNG(10_000, 5_001))
	if err := c.AddFolder(dir); err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if f := c.Folders()[0]; f.Files != 1 || f.Skipped != 2 {
		t.Fatalf("folder %+v, want 1 file and 2 skipped", f)
	}
	label := c.Folders()[0].Label
	write(t, filepath.Join(dir, "ok.png"), bomb)
	for _, size := range []library.Size{library.SizeThumb, library.SizeFull} {
		if _, _, err := c.Data("org:"+label+"/ok.png", size); err == nil {
			t.Errorf("%s: a bomb swapped in after indexing was served", size)
		}
	}
}

func TestAddFolderErrorsAndLabels(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.AddFolder(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("missing folder accepted")
	}
	a := filepath.Join(t.TempDir(), "logos")
	b := filepath.Join(t.TempDir(), "logos")
	write(t, filepath.Join(a, "x.png"), encodePNG(t, image.NewRGBA(image.Rect(0, 0, 4, 4))))
	write(t, filepath.Join(b, "x.png"), encodePNG(t, image.NewRGBA(image.Rect(0, 0, 4, 4))))
	if err := c.AddFolder(a); err != nil {
		t.Fatal(err)
	}
	if err := c.AddFolder(b); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"org:logos/x.png", "org:logos-2/x.png"} {
		if _, ok := c.Get(id); !ok {
			t.Errorf("%s missing", id)
		}
	}
}

// TestConcurrentSearchAndAddFolder runs searches and image requests while folders are added
// (run with -race).
func TestConcurrentSearchAndAddFolder(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	dirs := make([]string, 3)
	for i := range dirs {
		dirs[i] = filepath.Join(t.TempDir(), "logos")
		write(t, filepath.Join(dirs[i], "logo-mairie.png"), encodePNG(t, image.NewRGBA(image.Rect(0, 0, 40, 40))))
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, d := range dirs {
			if err := c.AddFolder(d); err != nil {
				t.Error(err)
			}
		}
	}()
	for i := 0; ; i++ {
		p := c.Search(library.Query{Text: "logo mairie", PerPage: 10})
		for _, it := range p.Items {
			if _, _, err := c.Data(it.ID, library.SizeThumb); err != nil {
				t.Fatal(it.ID, err)
			}
		}
		select {
		case <-done:
			if n := c.Search(library.Query{Provider: ProviderOrg}).Total; n != 3 {
				t.Errorf("%d organisation items, want 3", n)
			}
			return
		default:
		}
	}
}
