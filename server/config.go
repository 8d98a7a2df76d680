package server

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Config is everything an administrator can set. New replaces zero values by the defaults of
// DefaultConfig, except ExportQueue and ExportsPerClient, for which 0 is a setting (no waiting,
// no per-client limit): start from DefaultConfig() to get the usual ones.
type Config struct {
	// Addr is the address to listen on, host:port.
	Addr string
	// DataDir holds uploaded blobs and temporary export files; created at start.
	DataDir string
	// LogLevel is debug, info, warn or error; LogFormat is text or json.
	LogLevel, LogFormat string

	// ExportWorkers is how many exports render at once; ExportQueue how many may wait.
	ExportWorkers, ExportQueue int
	// ExportMemory is the memory budget of the exports in flight, in bytes (estimated per
	// export from its page size and images before it starts).
	ExportMemory int64
	// ExportTimeout bounds one export's rendering.
	ExportTimeout time.Duration
	// ExportsPerClient caps the exports one client address has running or queued (0: no cap).
	ExportsPerClient int
	// MaxPagePixels caps one rendered page; MaxExportPixels all the pages of one export.
	MaxPagePixels, MaxExportPixels int64
	// MaxSceneBytes caps the body of an export request (a scene with data: URLs can be large).
	MaxSceneBytes int64

	// MaxUploadBytes caps one upload; MaxImagePixels caps an uploaded image's size.
	MaxUploadBytes, MaxImagePixels int64

	// TrustProxy lists the addresses (prefixes) of reverse proxies whose X-Forwarded-For header
	// gives the real client address.
	TrustProxy []netip.Prefix
	// ShutdownTimeout is how long a stopping server waits for running exports to finish.
	ShutdownTimeout time.Duration

	// LibraryDirs are folders of the organisation's own photos and logos, indexed into the
	// library at start-up. LibraryCacheDir is the online providers' disk cache (empty: a
	// folder in DataDir when a provider is on); LibraryCacheMaxMB bounds it (0: 512).
	LibraryDirs       []string
	LibraryCacheDir   string
	LibraryCacheMaxMB int64
}

// DefaultConfig returns the configuration of `affiche serve` with no settings: localhost only,
// data in ./affiche-data, one export worker per core.
func DefaultConfig() Config {
	return Config{
		Addr:            "localhost:8080",
		DataDir:         "./affiche-data",
		LogLevel:        "info",
		LogFormat:       "text",
		ExportWorkers:   runtime.NumCPU(),
		ExportQueue:     16,
		ExportMemory:    1 << 30,
		ExportTimeout:   2 * time.Minute,
		MaxPagePixels:   70_000_000,
		MaxExportPixels: 600_000_000,
		MaxSceneBytes:   64 << 20,
		MaxUploadBytes:  32 << 20,
		MaxImagePixels:  40_000_000,
		ShutdownTimeout: 150 * time.Second,

		LibraryCacheMaxMB: 512,
	}
}

// setting is one configuration entry: its name (flag, file key), the environment variable, the
// help in both languages and how to read and show it.
type setting struct {
	name, env string
	en, fr    string
	set       func(c *Config, v string) error
	get       func(c *Config) string
}

func mb(v string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a positive whole number of megabytes", v)
	}
	return n << 20, nil
}

func mpx(v string) (int64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f <= 0 {
		return 0, fmt.Errorf("%q is not a positive number of megapixels", v)
	}
	return int64(f * 1e6), nil
}

func count(v string, min int) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < min {
		return 0, fmt.Errorf("%q is not a whole number ≥ %d", v, min)
	}
	return n, nil
}

func duration(v string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not a duration such as 90s or 2m", v)
	}
	return d, nil
}

var settings = []setting{
	{"addr", "AFFICHE_ADDR",
		"address to listen on (host:port); use :8080 to accept other machines",
		"adresse d'écoute (hôte:port) ; :8080 pour accepter les autres machines",
		func(c *Config, v string) error { c.Addr = strings.TrimSpace(v); return nil },
		func(c *Config) string { return c.Addr }},
	{"data", "AFFICHE_DATA",
		"folder for uploaded images and fonts and temporary files (created if missing)",
		"dossier des images et polices envoyées et des fichiers temporaires (créé s'il manque)",
		func(c *Config, v string) error { c.DataDir = strings.TrimSpace(v); return nil },
		func(c *Config) string { return c.DataDir }},
	{"log-level", "AFFICHE_LOG_LEVEL",
		"log detail: debug, info, warn or error",
		"niveau de détail du journal : debug, info, warn ou error",
		func(c *Config, v string) error {
			var l slog.Level
			if err := l.UnmarshalText([]byte(v)); err != nil {
				return fmt.Errorf("%q is not debug, info, warn or error", v)
			}
			c.LogLevel = strings.ToLower(v)
			return nil
		},
		func(c *Config) string { return c.LogLevel }},
	{"log-format", "AFFICHE_LOG_FORMAT",
		"log format: text (readable) or json (for log collectors)",
		"format du journal : text (lisible) ou json (pour les collecteurs de journaux)",
		func(c *Config, v string) error {
			if v != "text" && v != "json" {
				return fmt.Errorf("%q is not text or json", v)
			}
			c.LogFormat = v
			return nil
		},
		func(c *Config) string { return c.LogFormat }},
	{"export-workers", "AFFICHE_EXPORT_WORKERS",
		"exports rendered at the same time (default: number of cores)",
		"exports calculés en même temps (par défaut : nombre de cœurs)",
		func(c *Config, v string) (err error) { c.ExportWorkers, err = count(v, 1); return },
		func(c *Config) string { return strconv.Itoa(c.ExportWorkers) }},
	{"export-queue", "AFFICHE_EXPORT_QUEUE",
		"exports that may wait for a worker; beyond, the server answers 503 with Retry-After",
		"exports pouvant attendre un calcul ; au-delà, le serveur répond 503 avec Retry-After",
		func(c *Config, v string) (err error) { c.ExportQueue, err = count(v, 0); return },
		func(c *Config) string { return strconv.Itoa(c.ExportQueue) }},
	{"export-memory-mb", "AFFICHE_EXPORT_MEMORY_MB",
		"memory budget of the exports in flight, in MB (a 300-dpi A4 page needs about 140 MB)",
		"mémoire allouée aux exports en cours, en Mo (une page A4 à 300 dpi demande environ 140 Mo)",
		func(c *Config, v string) (err error) { c.ExportMemory, err = mb(v); return },
		func(c *Config) string { return strconv.FormatInt(c.ExportMemory>>20, 10) }},
	{"export-timeout", "AFFICHE_EXPORT_TIMEOUT",
		"time limit of one export's rendering (e.g. 90s, 2m)",
		"durée maximale du calcul d'un export (ex. 90s, 2m)",
		func(c *Config, v string) (err error) { c.ExportTimeout, err = duration(v); return },
		func(c *Config) string { return c.ExportTimeout.String() }},
	{"exports-per-client", "AFFICHE_EXPORTS_PER_CLIENT",
		"exports one client address may have running or waiting; beyond, 429 (0: no limit)",
		"exports qu'une même adresse peut avoir en cours ou en attente ; au-delà, 429 (0 : sans limite)",
		func(c *Config, v string) (err error) { c.ExportsPerClient, err = count(v, 0); return },
		func(c *Config) string { return strconv.Itoa(c.ExportsPerClient) }},
	{"max-page-mpx", "AFFICHE_MAX_PAGE_MPX",
		"largest page an export may render, in megapixels (A4 at 300 dpi is 8.7; A1 is 70)",
		"plus grande page qu'un export peut calculer, en mégapixels (A4 à 300 dpi : 8,7 ; A1 : 70)",
		func(c *Config, v string) (err error) { c.MaxPagePixels, err = mpx(v); return },
		func(c *Config) string { return fmtMpx(c.MaxPagePixels) }},
	{"max-export-mpx", "AFFICHE_MAX_EXPORT_MPX",
		"pixels of all the pages of one export together, in megapixels",
		"pixels de toutes les pages d'un export réunies, en mégapixels",
		func(c *Config, v string) (err error) { c.MaxExportPixels, err = mpx(v); return },
		func(c *Config) string { return fmtMpx(c.MaxExportPixels) }},
	{"max-scene-mb", "AFFICHE_MAX_SCENE_MB",
		"largest export request (a design with embedded images), in MB",
		"plus grande demande d'export (document avec images intégrées), en Mo",
		func(c *Config, v string) (err error) { c.MaxSceneBytes, err = mb(v); return },
		func(c *Config) string { return strconv.FormatInt(c.MaxSceneBytes>>20, 10) }},
	{"max-upload-mb", "AFFICHE_MAX_UPLOAD_MB",
		"largest uploaded image or font, in MB",
		"plus grande image ou police envoyée, en Mo",
		func(c *Config, v string) (err error) { c.MaxUploadBytes, err = mb(v); return },
		func(c *Config) string { return strconv.FormatInt(c.MaxUploadBytes>>20, 10) }},
	{"max-image-mpx", "AFFICHE_MAX_IMAGE_MPX",
		"largest uploaded image, in megapixels (checked before decoding)",
		"plus grande image envoyée, en mégapixels (vérifié avant décodage)",
		func(c *Config, v string) (err error) { c.MaxImagePixels, err = mpx(v); return },
		func(c *Config) string { return fmtMpx(c.MaxImagePixels) }},
	{"trust-proxy", "AFFICHE_TRUST_PROXY",
		"addresses of reverse proxies whose X-Forwarded-For is believed, comma-separated (e.g. 127.0.0.1,10.0.0.0/8)",
		"adresses des proxys inverses dont l'en-tête X-Forwarded-For est cru, séparées par des virgules",
		func(c *Config, v string) error {
			c.TrustProxy = nil
			for _, s := range strings.Split(v, ",") {
				s = strings.TrimSpace(s)
				if s == "" {
					continue
				}
				if !strings.Contains(s, "/") {
					a, err := netip.ParseAddr(s)
					if err != nil {
						return fmt.Errorf("%q is not an address or a prefix", s)
					}
					c.TrustProxy = append(c.TrustProxy, netip.PrefixFrom(a, a.BitLen()))
					continue
				}
				p, err := netip.ParsePrefix(s)
				if err != nil {
					return fmt.Errorf("%q is not an address or a prefix", s)
				}
				c.TrustProxy = append(c.TrustProxy, p.Masked())
			}
			return nil
		},
		func(c *Config) string {
			s := make([]string, len(c.TrustProxy))
			for i, p := range c.TrustProxy {
				s[i] = p.String()
			}
			return strings.Join(s, ",")
		}},
	{"library-dir", "AFFICHE_LIBRARY_DIR",
		"folders of the organisation's own photos and logos, searchable in the library (comma-separated; restart after adding files)",
		"dossiers des photos et logos de l'organisation, cherchables dans la bibliothèque (séparés par des virgules ; redémarrer après ajout)",
		func(c *Config, v string) error {
			c.LibraryDirs = nil
			for _, d := range strings.Split(v, ",") {
				if d = strings.TrimSpace(d); d != "" {
					c.LibraryDirs = append(c.LibraryDirs, d)
				}
			}
			return nil
		},
		func(c *Config) string { return strings.Join(c.LibraryDirs, ",") }},
	{"library-cache-dir", "AFFICHE_LIBRARY_CACHE_DIR",
		"disk cache of the online libraries' answers and images (default: library-cache in the data folder, when a provider is on)",
		"cache disque des réponses et images des bibliothèques en ligne (par défaut : library-cache dans le dossier de données, si un fournisseur est activé)",
		func(c *Config, v string) error { c.LibraryCacheDir = strings.TrimSpace(v); return nil },
		func(c *Config) string { return c.LibraryCacheDir }},
	{"library-cache-max-mb", "AFFICHE_LIBRARY_CACHE_MAX_MB",
		"size bound of that cache, in MB",
		"taille maximale de ce cache, en Mo",
		func(c *Config, v string) error {
			n, err := mb(v)
			c.LibraryCacheMaxMB = n >> 20
			return err
		},
		func(c *Config) string { return strconv.FormatInt(c.LibraryCacheMaxMB, 10) }},
	{"shutdown-timeout", "AFFICHE_SHUTDOWN_TIMEOUT",
		"on stop, how long to wait for running exports to finish",
		"à l'arrêt, durée d'attente de la fin des exports en cours",
		func(c *Config, v string) (err error) { c.ShutdownTimeout, err = duration(v); return },
		func(c *Config) string { return c.ShutdownTimeout.String() }},
}

func fmtMpx(n int64) string { return strconv.FormatFloat(float64(n)/1e6, 'f', -1, 64) }

// ErrHelp is returned by LoadConfig when --help was asked for (the help is printed).
var ErrHelp = errors.New("help requested")

// LoadConfig builds the configuration from, in increasing priority: the defaults, the config
// file (--config or AFFICHE_CONFIG), the AFFICHE_… environment variables and the command-line
// flags. getenv is os.Getenv in production. Help and errors are written to out.
func LoadConfig(args []string, getenv func(string) string, out io.Writer) (Config, error) {
	c := DefaultConfig()
	fs := flag.NewFlagSet("affiche serve", flag.ContinueOnError)
	fs.SetOutput(out)
	configFile := fs.String("config", getenv("AFFICHE_CONFIG"), "")
	given := map[string]string{}
	for _, s := range settings {
		fs.Func(s.name, s.en, func(v string) error {
			if err := s.set(&Config{}, v); err != nil { // validate now, apply in order later
				return err
			}
			given[s.name] = v
			return nil
		})
	}
	fs.Usage = func() { usage(out) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, ErrHelp
		}
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q (settings are given as --name=value)", fs.Arg(0))
	}
	if *configFile != "" {
		if err := readConfigFile(*configFile, &c); err != nil {
			return c, err
		}
	}
	for _, s := range settings {
		if v := getenv(s.env); v != "" {
			if err := s.set(&c, v); err != nil {
				return c, fmt.Errorf("%s: %w", s.env, err)
			}
		}
	}
	for _, s := range settings {
		if v, ok := given[s.name]; ok {
			s.set(&c, v)
		}
	}
	return c, nil
}

// readConfigFile reads a file of `name = value` lines (the flag names, without dashes in front);
// blank lines and lines starting with # are ignored. A plain line format was chosen over JSON
// because administrators comment their settings, and JSON has no comments.
func readConfigFile(path string, c *Config) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config file: %w", err)
	}
	byName := map[string]setting{}
	for _, s := range settings {
		byName[s.name] = s
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok {
			return fmt.Errorf("%s:%d: expected name = value", path, n)
		}
		v = strings.Trim(v, `"`)
		s, found := byName[k]
		if !found {
			return fmt.Errorf("%s:%d: unknown setting %q", path, n, k)
		}
		if err := s.set(c, v); err != nil {
			return fmt.Errorf("%s:%d: %s: %w", path, n, k, err)
		}
	}
	return sc.Err()
}

func usage(w io.Writer) {
	d := DefaultConfig()
	fmt.Fprint(w, `Usage: affiche serve [--name=value …]

Runs the Affiche studio: the web app, exports, uploads, fonts and templates, with everything
embedded. With no settings it listens on localhost:8080 and keeps its data in ./affiche-data.
Each setting can be given as a flag, as an environment variable, or in a config file of
"name = value" lines (--config FILE or AFFICHE_CONFIG); flags win over the environment, which
wins over the file.

Lance le studio Affiche : l'application web, les exports, les envois de fichiers, les polices et
les modèles, tout étant intégré. Sans réglage, il écoute sur localhost:8080 et garde ses données
dans ./affiche-data. Chaque réglage se donne en option, en variable d'environnement ou dans un
fichier de configuration de lignes « nom = valeur » (--config FICHIER ou AFFICHE_CONFIG) ; les
options l'emportent sur l'environnement, qui l'emporte sur le fichier.

Settings / réglages:
`)
	fmt.Fprintf(w, "  --config FILE   (AFFICHE_CONFIG)\n      config file of name = value lines\n      fichier de configuration (lignes nom = valeur)\n")
	for _, s := range settings {
		def := s.get(&d)
		if s.name == "export-workers" {
			def += " (this machine)"
		}
		if def == "" {
			def = "none / aucun"
		}
		fmt.Fprintf(w, "  --%s   (%s, default %s)\n      %s\n      %s\n", s.name, s.env, def, s.en, s.fr)
	}
	fmt.Fprint(w, `
Endpoints: / (app), /api/… (see docs/api.md), /healthz, /metrics (Prometheus).
Stop with Ctrl-C or SIGTERM: running exports finish first (up to --shutdown-timeout).
`)
}
