package cache

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func open(t testing.TB, dir string, max int64, clk *clock) *Cache {
	t.Helper()
	c, err := Open(Options{Dir: dir, MaxBytes: max, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)} }

func TestKeyHashesEveryPart(t *testing.T) {
	keys := map[Key]string{}
	for _, parts := range [][]string{{"ab", "c"}, {"a", "bc"}, {"abc"}, {"abc", ""}, {"", "abc"}, {"unsplash", "search", "vélo", "1", "20"}, {"unsplash", "search", "vélo", "2", "20"}} {
		k := NewKey(parts...)
		if prev, dup := keys[k]; dup {
			t.Fatalf("%q and %q share a key", parts, prev)
		}
		keys[k] = fmt.Sprint(parts)
	}
	if NewKey("a", "b") != NewKey("a", "b") {
		t.Fatal("key not deterministic")
	}
}

func TestPutGetTTL(t *testing.T) {
	clk := newClock()
	c := open(t, t.TempDir(), 1<<20, clk)
	k := NewKey("pixabay", "195893", "thumb")
	if _, ok := c.Get(k); ok {
		t.Fatal("hit on empty cache")
	}
	if err := c.Put(k, []byte("jpeg bytes"), []byte("image/jpeg"), 24*time.Hour); err != nil {
		t.Fatal(err)
	}
	e, ok := c.Get(k)
	if !ok || string(e.Data) != "jpeg bytes" || string(e.Meta) != "image/jpeg" || !e.Expires.Equal(clk.Now().Add(24*time.Hour)) {
		t.Fatalf("got %+v %v", e, ok)
	}
	clk.Add(23 * time.Hour)
	if _, ok := c.Get(k); !ok {
		t.Fatal("expired early")
	}
	clk.Add(2 * time.Hour)
	if _, ok := c.Get(k); ok {
		t.Fatal("served after its TTL")
	}
	if _, err := os.Stat(c.path(k)); !os.IsNotExist(err) {
		t.Fatal("expired file left on disk")
	}
	s := c.Stats()
	if s.Hits != 2 || s.Misses != 2 || s.Expired != 1 || s.Entries != 0 || s.Bytes != 0 {
		t.Fatalf("stats %+v", s)
	}
}

func TestLRUEvictionBySize(t *testing.T) {
	clk := newClock()
	entry := 1000
	c := open(t, t.TempDir(), int64(4*(entry+headerSize)), clk)
	val := bytes.Repeat([]byte("x"), entry)
	put := func(name string) {
		clk.Add(time.Second)
		if err := c.Put(NewKey(name), val, nil, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	put("a")
	put("b")
	put("c")
	put("d")
	clk.Add(time.Second)
	if _, ok := c.Get(NewKey("a")); !ok { // a becomes the most recently used
		t.Fatal("a missing")
	}
	put("e") // over the bound: b, the least recently used, goes
	for name, want := range map[string]bool{"a": true, "b": false, "c": true, "d": true, "e": true} {
		if _, ok := c.Get(NewKey(name)); ok != want {
			t.Errorf("%s present = %v, want %v", name, ok, want)
		}
	}
	if s := c.Stats(); s.Bytes > int64(4*(entry+headerSize)) || s.Evictions != 1 {
		t.Fatalf("stats %+v", s)
	}
	if err := c.Put(NewKey("huge"), make([]byte, 3*entry), nil, time.Hour); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("entry above max/2 accepted: %v", err)
	}
}

func TestSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	clk := newClock()
	entry := 1000
	max := int64(3 * (entry + headerSize + len("meta-a")))
	c := open(t, dir, max, clk)
	val := func(s string) []byte { return bytes.Repeat([]byte(s), entry) }
	for _, n := range []string{"a", "b", "c"} {
		clk.Add(2 * time.Minute)
		if err := c.Put(NewKey(n), val(n), []byte("meta-"+n), time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	clk.Add(2 * time.Minute)
	c.Get(NewKey("a")) // recorded in the file's mtime: a is now the most recent
	// A crash left a temporary file and a truncated entry behind.
	os.WriteFile(filepath.Join(dir, "v1", "tmp", "put-123"), []byte("partial"), 0o600)
	bad := NewKey("torn")
	os.WriteFile(c.path(bad), []byte("AFC1 torn"), 0o600)

	c2 := open(t, dir, max, clk)
	if s := c2.Stats(); s.Entries != 3 {
		t.Fatalf("rebuilt %d entries, want 3", s.Entries)
	}
	if _, err := os.Stat(filepath.Join(dir, "v1", "tmp", "put-123")); !os.IsNotExist(err) {
		t.Error("temporary file survived Open")
	}
	if _, err := os.Stat(c.path(bad)); !os.IsNotExist(err) {
		t.Error("torn entry survived Open")
	}
	// The access order survived too: reopened with room for two, b (the oldest access) goes.
	c3 := open(t, dir, int64(2*(entry+headerSize+len("meta-a"))), clk)
	if _, ok := c3.Get(NewKey("b")); ok {
		t.Error("b should have been evicted first")
	}
	for _, n := range []string{"a", "c"} {
		e, ok := c3.Get(NewKey(n))
		if !ok || !bytes.Equal(e.Data, val(n)) || string(e.Meta) != "meta-"+n {
			t.Fatalf("%s after restart: %v", n, ok)
		}
	}
	// Expired entries are dropped at Open.
	clk.Add(2 * time.Hour)
	if s := open(t, dir, max, clk).Stats(); s.Entries != 0 {
		t.Errorf("%d expired entries kept at Open", s.Entries)
	}
}

func TestNeverServesCorruptEntry(t *testing.T) {
	clk := newClock()
	c := open(t, t.TempDir(), 1<<20, clk)
	k := NewKey("x")
	c.Put(k, []byte("0123456789"), []byte("m"), time.Hour)
	raw, _ := os.ReadFile(c.path(k))
	// A flipped byte, then a truncated file: both are misses, and the entry is dropped.
	flipped := append([]byte(nil), raw...)
	flipped[len(flipped)-1] ^= 1
	os.WriteFile(c.path(k), flipped, 0o600)
	if _, ok := c.Get(k); ok {
		t.Fatal("served a corrupt entry")
	}
	c.Put(k, []byte("0123456789"), []byte("m"), time.Hour)
	os.WriteFile(c.path(k), raw[:len(raw)-3], 0o600)
	if _, ok := c.Get(k); ok {
		t.Fatal("served a truncated entry")
	}
	if c.Stats().Corrupt != 2 || c.Stats().Entries != 0 {
		t.Fatalf("stats %+v", c.Stats())
	}
}

// TestConcurrent hammers one small cache from many goroutines (run it with -race): every value
// read must be one that was written for that key, whole.
func TestConcurrent(t *testing.T) {
	c := open(t, t.TempDir(), 200<<10, &clock{t: time.Now()})
	value := func(key, version int) []byte {
		b := bytes.Repeat([]byte(fmt.Sprintf("k%d-v%d;", key, version)), 50+key*10)
		sum := sha256.Sum256(b)
		return append(b, sum[:]...)
	}
	valid := func(b []byte) bool {
		if len(b) < 32 {
			return false
		}
		sum := sha256.Sum256(b[:len(b)-32])
		return bytes.Equal(sum[:], b[len(b)-32:])
	}
	var wg sync.WaitGroup
	var bad atomic.Int64
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, 1))
			for i := 0; i < 400; i++ {
				key := r.IntN(40)
				k := NewKey(fmt.Sprint(key))
				if r.IntN(3) == 0 {
					if err := c.Put(k, value(key, i), []byte(fmt.Sprint(key)), time.Hour); err != nil {
						t.Error(err)
					}
				} else if e, ok := c.Get(k); ok {
					if !valid(e.Data) || string(e.Meta) != fmt.Sprint(key) || !bytes.HasPrefix(e.Data, []byte(fmt.Sprintf("k%d-", key))) {
						bad.Add(1)
					}
				}
			}
		}(uint64(g))
	}
	wg.Wait()
	if bad.Load() != 0 {
		t.Fatalf("%d bad reads", bad.Load())
	}
	if s := c.Stats(); s.Bytes > 200<<10 || s.Corrupt != 0 {
		t.Fatalf("stats %+v", s)
	}
	// The index matches the directory.
	n := 0
	filepath.WalkDir(c.dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	if n != c.Stats().Entries {
		t.Fatalf("%d files on disk, %d in the index", n, c.Stats().Entries)
	}
}

func TestGetOrFillCallsOnce(t *testing.T) {
	c := open(t, t.TempDir(), 1<<20, newClock())
	var calls atomic.Int64
	release := make(chan struct{})
	k := NewKey("search", "vélo")
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e, err := c.GetOrFill(context.Background(), k, time.Hour, func(context.Context) ([]byte, []byte, error) {
				calls.Add(1)
				<-release
				return []byte("page"), []byte("application/json"), nil
			})
			if err != nil || string(e.Data) != "page" {
				t.Errorf("got %q %v", e.Data, err)
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	if calls.Load() != 1 {
		t.Fatalf("fill called %d times", calls.Load())
	}
	if _, ok := c.Get(k); !ok {
		t.Fatal("filled value not stored")
	}
	boom := errors.New("upstream down")
	_, err := c.GetOrFill(context.Background(), NewKey("other"), time.Hour, func(context.Context) ([]byte, []byte, error) { return nil, nil, boom })
	if !errors.Is(err, boom) {
		t.Fatalf("fill error: %v", err)
	}
	if _, ok := c.Get(NewKey("other")); ok {
		t.Fatal("failed fill stored")
	}
}

func benchCache(b *testing.B, size int) (*Cache, []Key) {
	c, err := Open(Options{Dir: b.TempDir(), MaxBytes: 1 << 30})
	if err != nil {
		b.Fatal(err)
	}
	keys := make([]Key, 64)
	data := bytes.Repeat([]byte{0xAB}, size)
	for i := range keys {
		keys[i] = NewKey("bench", fmt.Sprint(i))
		if err := c.Put(keys[i], data, []byte(`{"mime":"image/jpeg"}`), time.Hour); err != nil {
			b.Fatal(err)
		}
	}
	return c, keys
}

// BenchmarkGetHit measures cache hits of a typical 30 KB thumbnail and a 1 MB preview.
func BenchmarkGetHit(b *testing.B) {
	for _, size := range []int{30 << 10, 1 << 20} {
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			c, keys := benchCache(b, size)
			b.SetBytes(int64(size))
			b.ResetTimer()
			i := 0
			for b.Loop() {
				if _, ok := c.Get(keys[i%len(keys)]); !ok {
					b.Fatal("miss")
				}
				i++
			}
		})
	}
}

// BenchmarkGetHitParallel is the same hit path from all cores at once.
func BenchmarkGetHitParallel(b *testing.B) {
	c, keys := benchCache(b, 30<<10)
	b.SetBytes(30 << 10)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, ok := c.Get(keys[i%len(keys)]); !ok {
				b.Fatal("miss")
			}
			i++
		}
	})
}

// BenchmarkPut measures writing a 30 KB entry (temporary file, rename, index update).
func BenchmarkPut(b *testing.B) {
	c, err := Open(Options{Dir: b.TempDir(), MaxBytes: 64 << 20})
	if err != nil {
		b.Fatal(err)
	}
	data := bytes.Repeat([]byte{1}, 30<<10)
	b.SetBytes(int64(len(data)))
	i := 0
	for b.Loop() {
		if err := c.Put(NewKey(fmt.Sprint(i%500)), data, nil, time.Hour); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
