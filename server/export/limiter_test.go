package export

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"affiche/server/apierr"
)

func TestLimiterOrderBudgetAndCancel(t *testing.T) {
	l := NewLimiter(2, 3, 100, 0)
	ctx := context.Background()
	r1, err := l.Acquire(ctx, "a", 60, nil)
	if err != nil {
		t.Fatal(err)
	}
	// 60 + 50 > 100: the second waits although a worker is free.
	started := make(chan string, 3)
	var wg sync.WaitGroup
	wait := func(name string, cost int64, c context.Context) {
		defer wg.Done()
		rel, err := l.Acquire(c, name, cost, nil)
		if err != nil {
			started <- name + " gave up"
			return
		}
		started <- name
		time.Sleep(10 * time.Millisecond)
		rel()
	}
	wg.Add(1)
	go wait("b", 50, ctx)
	waitUntil(t, func() bool { return l.Stats().Queued == 1 })
	// c is small enough to fit but must not overtake b (first come, first served).
	cctx, cancel := context.WithCancel(ctx)
	wg.Add(1)
	go wait("c", 10, cctx)
	waitUntil(t, func() bool { return l.Stats().Queued == 2 })
	select {
	case s := <-started:
		t.Fatalf("%s started before the budget allowed", s)
	case <-time.After(20 * time.Millisecond):
	}
	// The queue holds 3: a fourth fits, a fifth is refused with 503.
	wg.Add(1)
	go wait("d", 10, ctx)
	waitUntil(t, func() bool { return l.Stats().Queued == 3 })
	if _, err := l.Acquire(ctx, "e", 10, nil); apierr.As(err) == nil || apierr.As(err).Status != http.StatusServiceUnavailable || apierr.As(err).RetryAfter <= 0 {
		t.Errorf("full queue: %v", err)
	}
	cancel() // c gives up while queued: its place is freed
	if s := <-started; s != "c gave up" {
		t.Errorf("got %q, want c to give up", s)
	}
	r1() // now b (50) and d (10) both fit
	wg.Wait()
	if got := map[string]bool{<-started: true, <-started: true}; !got["b"] || !got["d"] {
		t.Errorf("after release started %v, want b and d", got)
	}
	if st := l.Stats(); st.Running != 0 || st.Queued != 0 || st.InUse != 0 {
		t.Errorf("not back to rest: %+v", st)
	}
	if _, err := l.Acquire(ctx, "f", 101, nil); apierr.As(err) == nil || apierr.As(err).Status != http.StatusRequestEntityTooLarge {
		t.Errorf("over budget alone: %v", err)
	}
}

func TestLimiterPerClient(t *testing.T) {
	l := NewLimiter(1, 5, 1000, 2)
	ctx := context.Background()
	r1, _ := l.Acquire(ctx, "a", 1, nil)
	go func() {
		r, err := l.Acquire(ctx, "a", 1, nil)
		if err == nil {
			r()
		}
	}()
	waitUntil(t, func() bool { return l.Stats().Queued == 1 })
	if _, err := l.Acquire(ctx, "a", 1, nil); apierr.As(err) == nil || apierr.As(err).Status != http.StatusTooManyRequests {
		t.Errorf("third for the same client: %v", err)
	}
	// Another client still gets a place in the queue (and gives up after a while).
	pos := 0
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := l.Acquire(short, "b", 1, func(p int) { pos = p }); err != context.DeadlineExceeded || pos != 2 {
		t.Errorf("other client: %v, queue position %d", err, pos)
	}
	r1()
}

func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met")
		}
		time.Sleep(time.Millisecond)
	}
}
