// Package cache is a size-bounded disk cache for what the server fetches from online providers
// (search answers, thumbnails, full images). Entries expire after a per-entry TTL; when the
// cache is over its size bound the least recently used entries go first. Writes are atomic
// (temporary file, then rename) and every entry carries its length and a CRC, so a torn or
// half-written file is never served. The index is rebuilt from the directory at Open, so the
// cache survives a restart. A Cache is safe for concurrent use by many goroutines; two Cache
// values must not share a directory.
package cache

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// ErrTooLarge is returned by Put for an entry bigger than half the cache.
var ErrTooLarge = errors.New("cache: entry too large")

// Key names an entry. Build it with NewKey from every input that changes the answer.
type Key [32]byte

// NewKey hashes parts (length-prefixed, so ("ab","c") and ("a","bc") differ) into a Key.
func NewKey(parts ...string) Key {
	h := sha256.New()
	h.Write([]byte("affiche-cache-v1"))
	var n [8]byte
	for _, p := range parts {
		binary.LittleEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write([]byte(p))
	}
	var k Key
	h.Sum(k[:0])
	return k
}

// String is the key in hexadecimal (its file name).
func (k Key) String() string { return hex.EncodeToString(k[:]) }

// Entry is one cached value.
type Entry struct {
	Data    []byte
	Meta    []byte // small caller-defined metadata (a MIME type, a JSON header)
	Created time.Time
	Expires time.Time
}

// Options configures Open.
type Options struct {
	Dir      string           // created if missing
	MaxBytes int64            // size bound on disk, headers included; default 512 MiB
	Now      func() time.Time // clock, for tests; default time.Now
}

// Stats are counters since Open.
type Stats struct {
	Entries                          int
	Bytes                            int64
	Hits, Misses, Evictions, Expired int64
	Corrupt                          int64 // entries dropped because their file failed its checks
}

type entry struct {
	key       Key
	size      int64
	expires   int64 // unix nanoseconds
	persisted int64 // last access time written to the file's mtime
	elem      *list.Element
}

// Cache is a disk cache. Create it with Open.
type Cache struct {
	dir string
	tmp string
	max int64
	now func() time.Time

	mu    sync.Mutex
	index map[Key]*entry
	lru   *list.List // front: most recently used
	bytes int64

	hits, misses, evictions, expired, corrupt atomic.Int64

	flightMu sync.Mutex
	flight   map[Key]*call
}

const (
	headerSize = 40
	magic      = "AFC1"
	// accessPersistEvery bounds how often a hit rewrites the file's mtime, which is where the
	// access order survives a restart.
	accessPersistEvery = time.Minute
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Open opens (or creates) the cache in opts.Dir and rebuilds its index from the files there:
// leftover temporary files are removed, as are files that are not valid entries; the access
// order is restored from the files' modification times.
func Open(opts Options) (*Cache, error) {
	if opts.Dir == "" {
		return nil, errors.New("cache: no directory")
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = 512 << 20
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	root := filepath.Join(opts.Dir, "v1")
	c := &Cache{dir: root, tmp: filepath.Join(root, "tmp"), max: opts.MaxBytes, now: opts.Now,
		index: map[Key]*entry{}, lru: list.New(), flight: map[Key]*call{}}
	if err := os.RemoveAll(c.tmp); err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	if err := os.MkdirAll(c.tmp, 0o700); err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	for i := 0; i < 256; i++ {
		if err := os.MkdirAll(filepath.Join(root, fmt.Sprintf("%02x", i)), 0o700); err != nil {
			return nil, fmt.Errorf("cache: %w", err)
		}
	}
	type found struct {
		e     *entry
		atime int64
	}
	var all []found
	now := c.now().UnixNano()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && filepath.Dir(path) != root {
				return fs.SkipDir
			}
			return nil
		}
		k, ok := parseKey(d.Name())
		if !ok || filepath.Base(filepath.Dir(path)) != d.Name()[:2] {
			os.Remove(path)
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		expires, ok := readExpiry(path, info.Size())
		if !ok || expires <= now {
			os.Remove(path)
			return nil
		}
		t := info.ModTime().UnixNano()
		all = append(all, found{&entry{key: k, size: info.Size(), expires: expires, persisted: t}, t})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].atime > all[j].atime })
	for _, f := range all {
		f.e.elem = c.lru.PushBack(f.e)
		c.index[f.e.key] = f.e
		c.bytes += f.e.size
	}
	c.mu.Lock()
	c.evictLocked()
	c.mu.Unlock()
	return c, nil
}

func parseKey(name string) (Key, bool) {
	var k Key
	if len(name) != 64 {
		return k, false
	}
	if _, err := hex.Decode(k[:], []byte(name)); err != nil || k.String() != name {
		return k, false
	}
	return k, true
}

// readExpiry reads an entry file's header and checks that its lengths account for the size.
func readExpiry(path string, size int64) (int64, bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	var h [headerSize]byte
	if _, err := f.ReadAt(h[:], 0); err != nil {
		return 0, false
	}
	hd, ok := parseHeader(h[:])
	if !ok || headerSize+int64(hd.metaLen)+int64(hd.dataLen) != size {
		return 0, false
	}
	return hd.expires, true
}

type header struct {
	created, expires int64
	metaLen          uint32
	dataLen          uint64
	crc              uint32
}

func parseHeader(b []byte) (header, bool) {
	if len(b) < headerSize || string(b[:4]) != magic {
		return header{}, false
	}
	return header{
		created: int64(binary.LittleEndian.Uint64(b[8:])),
		expires: int64(binary.LittleEndian.Uint64(b[16:])),
		metaLen: binary.LittleEndian.Uint32(b[24:]),
		dataLen: binary.LittleEndian.Uint64(b[28:]),
		crc:     binary.LittleEndian.Uint32(b[36:]),
	}, true
}

func (c *Cache) path(k Key) string {
	s := k.String()
	return filepath.Join(c.dir, s[:2], s)
}

// Get returns the entry for k when it is present, unexpired and intact.
func (c *Cache) Get(k Key) (Entry, bool) {
	now := c.now()
	c.mu.Lock()
	e, ok := c.index[k]
	if !ok {
		c.mu.Unlock()
		c.misses.Add(1)
		return Entry{}, false
	}
	if e.expires <= now.UnixNano() {
		c.removeLocked(e)
		c.mu.Unlock()
		c.expired.Add(1)
		c.misses.Add(1)
		return Entry{}, false
	}
	c.lru.MoveToFront(e.elem)
	persist := now.UnixNano()-e.persisted > int64(accessPersistEvery)
	if persist {
		e.persisted = now.UnixNano()
	}
	c.mu.Unlock()

	p := c.path(k)
	raw, err := os.ReadFile(p)
	ent, ok := decode(raw, err)
	if !ok {
		c.mu.Lock()
		if cur := c.index[k]; cur == e {
			c.removeLocked(e)
		}
		c.mu.Unlock()
		c.corrupt.Add(1)
		c.misses.Add(1)
		return Entry{}, false
	}
	if persist {
		_ = os.Chtimes(p, now, now)
	}
	c.hits.Add(1)
	return ent, true
}

func decode(raw []byte, err error) (Entry, bool) {
	if err != nil {
		return Entry{}, false
	}
	h, ok := parseHeader(raw)
	if !ok || uint64(len(raw)) != headerSize+uint64(h.metaLen)+h.dataLen {
		return Entry{}, false
	}
	body := raw[headerSize:]
	if crc32.Checksum(body, crcTable) != h.crc {
		return Entry{}, false
	}
	return Entry{
		Meta:    body[:h.metaLen:h.metaLen],
		Data:    body[h.metaLen:],
		Created: time.Unix(0, h.created),
		Expires: time.Unix(0, h.expires),
	}, true
}

// Put stores data and meta under k for ttl, replacing any previous entry, then evicts least
// recently used entries until the cache fits its bound.
func (c *Cache) Put(k Key, data, meta []byte, ttl time.Duration) error {
	size := int64(headerSize + len(meta) + len(data))
	if size > c.max/2 || len(meta) > 1<<20 {
		return ErrTooLarge
	}
	if ttl <= 0 {
		return nil
	}
	now := c.now()
	buf := make([]byte, headerSize, size)
	copy(buf, magic)
	buf[4] = 1
	binary.LittleEndian.PutUint64(buf[8:], uint64(now.UnixNano()))
	binary.LittleEndian.PutUint64(buf[16:], uint64(now.Add(ttl).UnixNano()))
	binary.LittleEndian.PutUint32(buf[24:], uint32(len(meta)))
	binary.LittleEndian.PutUint64(buf[28:], uint64(len(data)))
	buf = append(append(buf, meta...), data...)
	binary.LittleEndian.PutUint32(buf[36:], crc32.Checksum(buf[headerSize:], crcTable))

	f, err := os.CreateTemp(c.tmp, "put-*")
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	tmp := f.Name()
	if _, err := f.Write(buf); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("cache: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("cache: %w", err)
	}
	_ = os.Chtimes(tmp, now, now) // the access order on disk follows the cache's clock

	c.mu.Lock()
	defer c.mu.Unlock()
	// Renaming under the lock keeps the index and the directory in step.
	if err := os.Rename(tmp, c.path(k)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("cache: %w", err)
	}
	if old, ok := c.index[k]; ok {
		c.bytes -= old.size
		c.lru.Remove(old.elem)
	}
	e := &entry{key: k, size: size, expires: now.Add(ttl).UnixNano(), persisted: now.UnixNano()}
	e.elem = c.lru.PushFront(e)
	c.index[k] = e
	c.bytes += size
	c.evictLocked()
	return nil
}

// Delete removes the entry for k if present.
func (c *Cache) Delete(k Key) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.index[k]; ok {
		c.removeLocked(e)
	}
}

func (c *Cache) removeLocked(e *entry) {
	c.lru.Remove(e.elem)
	delete(c.index, e.key)
	c.bytes -= e.size
	os.Remove(c.path(e.key))
}

func (c *Cache) evictLocked() {
	for c.bytes > c.max {
		back := c.lru.Back()
		if back == nil {
			return
		}
		c.removeLocked(back.Value.(*entry))
		c.evictions.Add(1)
	}
}

// Stats returns the counters and the current size.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	n, b := len(c.index), c.bytes
	c.mu.Unlock()
	return Stats{Entries: n, Bytes: b, Hits: c.hits.Load(), Misses: c.misses.Load(),
		Evictions: c.evictions.Load(), Expired: c.expired.Load(), Corrupt: c.corrupt.Load()}
}

type call struct {
	done  chan struct{}
	entry Entry
	err   error
}

// GetOrFill returns the entry for k, or calls fill once — however many goroutines ask for k at
// the same time — stores its result for ttl and returns it. A fill error is returned to every
// waiter and nothing is stored. An entry too large to cache is still returned.
func (c *Cache) GetOrFill(ctx context.Context, k Key, ttl time.Duration, fill func(context.Context) (data, meta []byte, err error)) (Entry, error) {
	if e, ok := c.Get(k); ok {
		return e, nil
	}
	c.flightMu.Lock()
	if cl, ok := c.flight[k]; ok {
		c.flightMu.Unlock()
		select {
		case <-cl.done:
			return cl.entry, cl.err
		case <-ctx.Done():
			return Entry{}, ctx.Err()
		}
	}
	cl := &call{done: make(chan struct{})}
	c.flight[k] = cl
	c.flightMu.Unlock()

	data, meta, err := fill(ctx)
	if err == nil {
		now := c.now()
		cl.entry = Entry{Data: data, Meta: meta, Created: now, Expires: now.Add(ttl)}
		_ = c.Put(k, data, meta, ttl) // on a full or failing disk the value is still served, uncached
	}
	cl.err = err
	c.flightMu.Lock()
	delete(c.flight, k)
	c.flightMu.Unlock()
	close(cl.done)
	return cl.entry, cl.err
}
