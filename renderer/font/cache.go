package font

import (
	"container/list"
	"sync"

	"affiche/renderer/geom"
)

// MaxCachedOutlines bounds the number of glyph outlines kept in memory, for all fonts together
// (a Latin glyph outline is about 1 KB; 4096 of them cover several fonts of a poster).
const MaxCachedOutlines = 4096

// sharedOutlines is the process-wide outline cache.
var sharedOutlines = newOutlineCache(MaxCachedOutlines)

type outlineKey struct {
	f   *Font
	gid GID
}

type outlineEntry struct {
	key  outlineKey
	path *geom.Path
}

// outlineCache is a least-recently-used cache of glyph outlines, safe for concurrent use.
type outlineCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recent
	m     map[outlineKey]*list.Element
}

func newOutlineCache(max int) *outlineCache {
	return &outlineCache{max: max, order: list.New(), m: map[outlineKey]*list.Element{}}
}

func (c *outlineCache) get(f *Font, gid GID) (*geom.Path, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[outlineKey{f, gid}]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*outlineEntry).path, true
	}
	return nil, false
}

func (c *outlineCache) put(f *Font, gid GID, p *geom.Path) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := outlineKey{f, gid}
	if e, ok := c.m[k]; ok {
		c.order.MoveToFront(e)
		return
	}
	c.m[k] = c.order.PushFront(&outlineEntry{k, p})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.m, last.Value.(*outlineEntry).key)
	}
}

// forget drops every outline of the given fonts (when they are replaced in a registry).
func (c *outlineCache) forget(fonts map[*Font]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for e := c.order.Front(); e != nil; {
		next := e.Next()
		if fonts[e.Value.(*outlineEntry).key.f] {
			c.order.Remove(e)
			delete(c.m, e.Value.(*outlineEntry).key)
		}
		e = next
	}
}

// Len returns the number of cached outlines (for tests and metrics).
func (c *outlineCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
