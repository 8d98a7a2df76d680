package export

import (
	"context"
	"net/http"
	"sync"
	"time"

	"affiche/server/apierr"
)

// Limiter admits exports: at most Concurrency run at once, their estimated memory together stays
// within the budget, at most QueueSize wait (first come, first served), and one client holds at
// most PerClient places (running or waiting). Beyond that it refuses at once instead of letting
// work pile up: 503 with Retry-After when the queue is full, 429 for a greedy client.
type Limiter struct {
	concurrency int
	queueSize   int
	budget      int64
	perClient   int

	mu      sync.Mutex
	running int
	inUse   int64
	queue   []*ticket
	clients map[string]int
	avg     time.Duration // moving average of run time, for Retry-After
}

type ticket struct {
	cost   int64
	client string
	ready  chan struct{}
	// granted is set under the lock when the ticket leaves the queue to run.
	granted bool
}

// NewLimiter returns a limiter. concurrency and budget must be positive; queueSize 0 means no
// waiting (refuse when all run); perClient 0 means no per-client limit.
func NewLimiter(concurrency, queueSize int, budget int64, perClient int) *Limiter {
	if concurrency < 1 {
		concurrency = 1
	}
	return &Limiter{concurrency: concurrency, queueSize: queueSize, budget: budget, perClient: perClient,
		clients: map[string]int{}, avg: 2 * time.Second}
}

// Budget returns the memory budget in bytes.
func (l *Limiter) Budget() int64 { return l.budget }

// LimiterStats is a snapshot of the limiter for metrics.
type LimiterStats struct {
	Running, Queued int
	InUse, Budget   int64
}

// Stats returns a snapshot.
func (l *Limiter) Stats() LimiterStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	return LimiterStats{Running: l.running, Queued: len(l.queue), InUse: l.inUse, Budget: l.budget}
}

// Acquire waits for a place for an export of the given memory cost. It returns a release
// function to call when the export is done, or an *apierr.Error (413 if the cost alone exceeds
// the budget, 429, 503), or ctx's error if ctx ends while waiting. queued is called (under no
// lock) if the export has to wait, with its position in the queue.
func (l *Limiter) Acquire(ctx context.Context, client string, cost int64, queued func(pos int)) (release func(), err error) {
	if cost > l.budget {
		return nil, apierr.Newf(http.StatusRequestEntityTooLarge, apierr.TooLarge,
			"this export needs about %d MB of memory while rendering; this server allows %d MB: lower the resolution or the page size",
			"cet export demande environ %d Mo de mémoire pendant le rendu ; ce serveur en autorise %d : baissez la résolution ou la taille de page",
			cost>>20, l.budget>>20)
	}
	l.mu.Lock()
	if l.perClient > 0 && l.clients[client] >= l.perClient {
		l.mu.Unlock()
		return nil, &apierr.Error{Status: http.StatusTooManyRequests, Code: apierr.TooManyRequests,
			Message:    "you already have as many exports under way as this server allows: wait for one to finish",
			MessageFr:  "vous avez déjà autant d'exports en cours que ce serveur le permet : attendez qu'un export se termine",
			RetryAfter: l.avg}
	}
	t := &ticket{cost: cost, client: client, ready: make(chan struct{})}
	canRun := len(l.queue) == 0 && l.running < l.concurrency && l.inUse+cost <= l.budget
	if !canRun && len(l.queue) >= l.queueSize {
		wait := l.retryAfterLocked()
		l.mu.Unlock()
		return nil, &apierr.Error{Status: http.StatusServiceUnavailable, Code: apierr.Overloaded,
			Message:    "the server is busy with other exports: try again in a moment",
			MessageFr:  "le serveur est occupé par d'autres exports : réessayez dans un instant",
			RetryAfter: wait}
	}
	l.clients[client]++
	l.queue = append(l.queue, t)
	l.dispatchLocked()
	pos, granted := len(l.queue), t.granted
	l.mu.Unlock()
	release = func() { l.release(t) }

	if !granted && queued != nil {
		queued(pos)
	}
	select {
	case <-t.ready:
		return release, nil
	case <-ctx.Done():
	}
	l.mu.Lock()
	if t.granted { // granted while we were giving up: hand the place back
		l.mu.Unlock()
		l.release(t)
		return nil, ctx.Err()
	}
	for i, q := range l.queue {
		if q == t {
			l.queue = append(l.queue[:i], l.queue[i+1:]...)
			break
		}
	}
	l.dropClientLocked(client)
	l.dispatchLocked()
	l.mu.Unlock()
	return nil, ctx.Err()
}

// dispatchLocked starts waiting exports, in order, while there is room.
func (l *Limiter) dispatchLocked() {
	for len(l.queue) > 0 {
		t := l.queue[0]
		if l.running >= l.concurrency || l.inUse+t.cost > l.budget {
			return
		}
		l.queue = l.queue[1:]
		l.running++
		l.inUse += t.cost
		t.granted = true
		close(t.ready)
	}
}

func (l *Limiter) dropClientLocked(client string) {
	if l.clients[client] <= 1 {
		delete(l.clients, client)
	} else {
		l.clients[client]--
	}
}

func (l *Limiter) release(t *ticket) {
	l.mu.Lock()
	l.running--
	l.inUse -= t.cost
	l.dropClientLocked(t.client)
	l.dispatchLocked()
	l.mu.Unlock()
}

// Observe records how long an export ran, for Retry-After estimates.
func (l *Limiter) Observe(d time.Duration) {
	l.mu.Lock()
	l.avg = (l.avg*7 + d) / 8
	l.mu.Unlock()
}

// retryAfterLocked estimates when a place may be free: the queue ahead drained at the average
// run time by all workers.
func (l *Limiter) retryAfterLocked() time.Duration {
	ahead := len(l.queue) + l.running
	d := l.avg * time.Duration(ahead) / time.Duration(l.concurrency)
	if d < time.Second {
		d = time.Second
	}
	if d > 2*time.Minute {
		d = 2 * time.Minute
	}
	return d
}
