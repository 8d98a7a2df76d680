package offline

import (
	"container/list"
	"sync"
)

// DefaultCacheBytes bounds the memory of cached thumbnails, previews and generated images.
const DefaultCacheBytes = 48 << 20

// byteCache is a least-recently-used cache of encoded images bounded by their total size. Two
// callers asking for the same missing key wait for one computation.
type byteCache struct {
	mu       sync.Mutex
	limit    int64
	size     int64
	ll       *list.List // front = most recent; values are *cacheEntry
	entries  map[string]*list.Element
	inflight map[string]*call
}

type cacheEntry struct {
	key  string
	data []byte
	mime string
}

type call struct {
	done chan struct{}
	data []byte
	mime string
	err  error
}

func newByteCache(limit int64) *byteCache {
	return &byteCache{limit: limit, ll: list.New(), entries: map[string]*list.Element{}, inflight: map[string]*call{}}
}

func (c *byteCache) setLimit(n int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.limit = n
	c.evict()
}

// get returns the cached value of key, or computes it with fn, caches it if it fits and
// returns it. Errors are not cached.
func (c *byteCache) get(key string, fn func() ([]byte, string, error)) ([]byte, string, error) {
	c.mu.Lock()
	if el, ok := c.entries[key]; ok {
		c.ll.MoveToFront(el)
		e := el.Value.(*cacheEntry)
		c.mu.Unlock()
		return e.data, e.mime, nil
	}
	if cl, ok := c.inflight[key]; ok {
		c.mu.Unlock()
		<-cl.done
		return cl.data, cl.mime, cl.err
	}
	cl := &call{done: make(chan struct{})}
	c.inflight[key] = cl
	c.mu.Unlock()

	cl.data, cl.mime, cl.err = fn()

	c.mu.Lock()
	delete(c.inflight, key)
	if cl.err == nil && int64(len(cl.data)) <= c.limit {
		c.entries[key] = c.ll.PushFront(&cacheEntry{key: key, data: cl.data, mime: cl.mime})
		c.size += int64(len(cl.data))
		c.evict()
	}
	c.mu.Unlock()
	close(cl.done)
	return cl.data, cl.mime, cl.err
}

// evict drops least recently used entries until the cache fits its limit. c.mu is held.
func (c *byteCache) evict() {
	for c.size > c.limit && c.ll.Len() > 0 {
		el := c.ll.Back()
		e := el.Value.(*cacheEntry)
		c.ll.Remove(el)
		delete(c.entries, e.key)
		c.size -= int64(len(e.data))
	}
}

// stats returns the current size and the number of entries.
func (c *byteCache) stats() (size int64, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size, c.ll.Len()
}
