package offline

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

func TestByteCacheBoundAndLRU(t *testing.T) {
	c := newByteCache(100)
	calls := 0
	get := func(k string, n int) {
		c.get(k, func() ([]byte, string, error) { calls++; return make([]byte, n), "x", nil })
	}
	get("a", 40)
	get("b", 40)
	get("a", 40) // hit: a becomes most recent
	get("c", 40) // evicts b, the least recently used
	if calls != 3 {
		t.Errorf("%d computations, want 3", calls)
	}
	if size, n := c.stats(); size != 80 || n != 2 {
		t.Errorf("size %d with %d entries, want 80 with 2", size, n)
	}
	get("a", 40)
	if calls != 3 {
		t.Error("a was evicted instead of b")
	}
	get("b", 40)
	if calls != 4 {
		t.Error("b was kept")
	}
	get("huge", 1000) // larger than the cache: returned, not kept
	if size, _ := c.stats(); size > 100 {
		t.Errorf("cache holds %d bytes over its limit", size)
	}
	c.setLimit(0)
	if size, n := c.stats(); size != 0 || n != 0 {
		t.Errorf("after setLimit(0): %d bytes in %d entries", size, n)
	}
}

func TestByteCacheErrorsNotCached(t *testing.T) {
	c := newByteCache(100)
	boom := errors.New("boom")
	if _, _, err := c.get("k", func() ([]byte, string, error) { return nil, "", boom }); err != boom {
		t.Fatal(err)
	}
	b, _, err := c.get("k", func() ([]byte, string, error) { return []byte("ok"), "x", nil })
	if err != nil || string(b) != "ok" {
		t.Errorf("after an error: %q %v", b, err)
	}
}

func TestByteCacheOneComputationForConcurrentCallers(t *testing.T) {
	c := newByteCache(1 << 20)
	var calls atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, _, _ := c.get("same", func() ([]byte, string, error) {
				calls.Add(1)
				<-release
				return []byte("v"), "x", nil
			})
			if string(b) != "v" {
				panic(fmt.Sprint("caller ", i, " got ", b))
			}
		}()
	}
	close(release)
	wg.Wait()
	if n := calls.Load(); n < 1 || n > 8 {
		t.Fatalf("%d computations", n)
	}
	// The callers that arrived while the first one computed waited for it.
	if n := calls.Load(); n != 1 {
		t.Logf("%d computations (callers arrived after the first finished)", n)
	}
}
