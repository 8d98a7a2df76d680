package providers

import (
	"encoding/base64"
	"net/http"
	"testing"

	"affiche/library"
)

// TestNounProjectDownloadSizeCap: an SVG from the Noun Project's download endpoint (base64 in
// JSON) obeys the same size cap as one downloaded from its CDN (it had a fixed 8 MiB cap of its
// own, which the 8 MiB answer cap made dead).
func TestNounProjectDownloadSizeCap(t *testing.T) {
	up := newUpstream(t)
	const key, secret = "nounkey", "nounsecret"
	up.handle("/v2/icon/765432/download", nounServer(t, up, key, secret, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"base64_encoded_file":"` + base64.StdEncoding.EncodeToString(hostileSVG) + `","content_type":"image/svg+xml"}`))
	}))
	env := testEnv(t, false)
	env.Fetch.MaxBytes = int64(len(hostileSVG)) - 1
	p := must[*NounProject](t)(NewNounProject(NounProjectConfig{Key: key, Secret: secret, BaseURL: up.URL()}, env))
	p.remember("1234567", meta{URLs: map[library.Size]string{library.SizeFull: up.URL() + "/static/svg/1234567.svg"}})
	_, err := p.Fetch(ctx, "1234567", library.SizeFull)
	wantCode(t, err, CodeUpstream)
	_, err = p.searchThenFetch(t, "765432")
	wantCode(t, err, CodeUpstream)
	if up.count("/v2/icon/765432/download") != 1 {
		t.Fatal("download endpoint not asked")
	}
	env.Fetch.MaxBytes = int64(len(hostileSVG))
	p = must[*NounProject](t)(NewNounProject(NounProjectConfig{Key: key, Secret: secret, BaseURL: up.URL()}, env))
	a := must[fetchAsset](t)(p.searchThenFetch(t, "765432"))
	if a.Mime != "image/svg+xml" {
		t.Errorf("within the cap: %s", a.Mime)
	}
}
