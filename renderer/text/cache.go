package text

import (
	"container/list"
	"strconv"
	"strings"
	"sync"

	"affiche/renderer/font"
)

// Cache bounds: shaped paragraphs are kept by content (text, fonts, registry generation) so the
// editor re-shapes only the paragraph being typed in. Sizes are not part of the key: shaping is
// done in font units.
const (
	maxCacheEntries = 2048
	maxCacheBytes   = 16 << 20
)

type shapeCache struct {
	mu    sync.Mutex
	order *list.List // front: most recent
	m     map[string]*list.Element
	bytes int
}

type cacheEntry struct {
	key string
	sh  *shaped
}

var cache = &shapeCache{order: list.New(), m: map[string]*list.Element{}}

func (c *shapeCache) get(key string) *shaped {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*cacheEntry).sh
	}
	return nil
}

func (c *shapeCache) put(key string, sh *shaped) {
	cost := sh.cost + len(key)
	if cost > maxCacheBytes/4 {
		return // a huge paragraph is not worth evicting everything else for
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[key]; ok {
		return
	}
	c.m[key] = c.order.PushFront(&cacheEntry{key, sh})
	c.bytes += cost
	for c.order.Len() > maxCacheEntries || c.bytes > maxCacheBytes {
		last := c.order.Back()
		ent := last.Value.(*cacheEntry)
		c.order.Remove(last)
		delete(c.m, ent.key)
		c.bytes -= ent.sh.cost + len(ent.key)
	}
}

// ClearCache empties the shaping cache (tests and benchmarks measure cold layouts with it).
func ClearCache() {
	cache.mu.Lock()
	defer cache.mu.Unlock()
	cache.order.Init()
	clear(cache.m)
	cache.bytes = 0
}

// fontIDs gives each font a small number for cache keys, without holding fonts forever.
var fontIDs = struct {
	sync.Mutex
	m    map[*font.Font]uint64
	next uint64
}{m: map[*font.Font]uint64{}}

func fontID(f *font.Font) uint64 {
	fontIDs.Lock()
	defer fontIDs.Unlock()
	if id, ok := fontIDs.m[f]; ok {
		return id
	}
	if len(fontIDs.m) > 4096 {
		clear(fontIDs.m) // ids are never reused, so stale cache keys simply miss
	}
	fontIDs.next++
	fontIDs.m[f] = fontIDs.next
	return fontIDs.next
}

// shapeKey identifies a shaping input.
func shapeKey(text string, spans []shapeSpan) string {
	var b strings.Builder
	b.Grow(len(text) + 24*len(spans) + 8)
	for _, s := range spans {
		for _, f := range s.fallbacks {
			b.WriteString(strconv.FormatUint(fontID(f), 36))
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(s.end))
		b.WriteByte(':')
		b.WriteString(strconv.FormatUint(fontID(s.font), 36))
		if s.noLiga {
			b.WriteByte('n')
		}
		b.WriteByte(';')
	}
	b.WriteByte('|')
	b.WriteString(text)
	return b.String()
}

func shapeCached(text string, spans []shapeSpan) *shaped {
	key := shapeKey(text, spans)
	if sh := cache.get(key); sh != nil {
		return sh
	}
	sh := shapeParagraph(text, spans)
	cache.put(key, sh)
	return sh
}
