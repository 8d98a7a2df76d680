package server

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadConfigPrecedence(t *testing.T) {
	file := filepath.Join(t.TempDir(), "affiche.conf")
	os.WriteFile(file, []byte(`# settings of the town hall's studio
addr = 0.0.0.0:9000
data = "/srv/affiche"
export-workers = 3
export-memory-mb = 2048
max-page-mpx = 12.5
trust-proxy = 10.0.0.0/8, 127.0.0.1
`), 0o600)
	env := map[string]string{"AFFICHE_CONFIG": file, "AFFICHE_EXPORT_WORKERS": "5", "AFFICHE_LOG_FORMAT": "json"}
	var out bytes.Buffer
	c, err := LoadConfig([]string{"--export-workers=7", "--export-timeout", "90s"}, func(k string) string { return env[k] }, &out)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "0.0.0.0:9000" || c.DataDir != "/srv/affiche" || c.ExportMemory != 2048<<20 || c.MaxPagePixels != 12_500_000 {
		t.Errorf("file settings not applied: %+v", c)
	}
	if c.ExportWorkers != 7 || c.ExportTimeout != 90*time.Second || c.LogFormat != "json" {
		t.Errorf("precedence flag > env > file broken: workers %d timeout %v format %s", c.ExportWorkers, c.ExportTimeout, c.LogFormat)
	}
	if len(c.TrustProxy) != 2 || c.TrustProxy[1].String() != "127.0.0.1/32" {
		t.Errorf("trust-proxy %v", c.TrustProxy)
	}
	d, err := LoadConfig(nil, func(string) string { return "" }, &out)
	if err != nil || d.Addr != "localhost:8080" || d.DataDir != "./affiche-data" || d.ExportWorkers < 1 {
		t.Errorf("defaults: %+v %v", d, err)
	}
}

func TestLoadConfigErrorsAndHelp(t *testing.T) {
	none := func(string) string { return "" }
	bad := []struct {
		args []string
		env  map[string]string
		file string
	}{
		{args: []string{"--export-workers=0"}},
		{args: []string{"--export-timeout=soon"}},
		{args: []string{"--log-level=loud"}},
		{args: []string{"--nope=1"}},
		{args: []string{"extra"}},
		{env: map[string]string{"AFFICHE_MAX_UPLOAD_MB": "-3"}},
		{file: "export-queue = many\n"},
		{file: "colour = red\n"},
		{file: "just a line\n"},
		{args: []string{"--trust-proxy=not-an-ip"}},
	}
	for i, b := range bad {
		env := b.env
		if b.file != "" {
			p := filepath.Join(t.TempDir(), "c.conf")
			os.WriteFile(p, []byte(b.file), 0o600)
			env = map[string]string{"AFFICHE_CONFIG": p}
		}
		get := none
		if env != nil {
			get = func(k string) string { return env[k] }
		}
		if _, err := LoadConfig(b.args, get, &bytes.Buffer{}); err == nil {
			t.Errorf("case %d (%v %v %q): no error", i, b.args, b.env, b.file)
		}
	}
	var out bytes.Buffer
	if _, err := LoadConfig([]string{"--help"}, none, &out); !errors.Is(err, ErrHelp) {
		t.Fatalf("--help: %v", err)
	}
	help := out.String()
	for _, s := range settings {
		if !strings.Contains(help, "--"+s.name) || !strings.Contains(help, s.env) || !strings.Contains(help, s.fr) || !strings.Contains(help, s.en) {
			t.Errorf("help lacks %s in both languages", s.name)
		}
	}
}

func TestClientAddrBehindTrustedProxy(t *testing.T) {
	c, _ := LoadConfig([]string{"--trust-proxy=10.0.0.0/8"}, func(string) string { return "" }, &bytes.Buffer{})
	s := &Server{cfg: c}
	r, _ := http.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.1.2.3:5555"
	r.Header.Set("X-Forwarded-For", "6.6.6.6, 192.0.2.7, 10.0.0.9")
	if got := s.clientAddr(r); got != "192.0.2.7" {
		t.Errorf("behind proxy: %q", got)
	}
	r.RemoteAddr = "198.51.100.1:5555" // not a proxy: its header is not believed
	if got := s.clientAddr(r); got != "198.51.100.1" {
		t.Errorf("untrusted peer: %q", got)
	}
}

// TestGracefulShutdownFinishesExports stops the server while an export runs: the export's
// answer must arrive complete, and Serve returns only after it.
func TestGracefulShutdownFinishesExports(t *testing.T) {
	env := newEnv(t, nil)
	env.fake.Delay = 400 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- env.srv.Serve(ctx, ln) }()
	url := "http://" + ln.Addr().String()
	type result struct {
		status int
		n      int
		at     time.Time
	}
	got := make(chan result, 1)
	go func() {
		res, err := http.Post(url+"/api/export", "application/json", strings.NewReader(a4))
		if err != nil {
			got <- result{status: -1}
			return
		}
		var b bytes.Buffer
		b.ReadFrom(res.Body)
		res.Body.Close()
		got <- result{res.StatusCode, b.Len(), time.Now()}
	}()
	waitFor(t, func() bool { return env.srv.limiter.Stats().Running == 1 })
	stop()
	r := <-got
	err = <-served
	if err != nil {
		t.Errorf("Serve: %v", err)
	}
	if r.status != 200 || r.n < 1000 {
		t.Errorf("export during shutdown: %d, %d bytes", r.status, r.n)
	}
	if _, err := http.Get(url + "/healthz"); err == nil {
		t.Error("still accepting connections after shutdown")
	}
}
