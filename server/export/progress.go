package export

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"

	"affiche/server/apierr"
)

// States of an export, in Event.State.
const (
	StateQueued    = "queued"    // waiting for a place; Position says where
	StateRendering = "rendering" // drawing page Page of Pages
	StateDone      = "done"      // the file is being sent
	StateFailed    = "failed"    // Error says why
	StateCancelled = "cancelled" // the client went away
)

// Event is one progress message about an export, as sent over the websocket.
type Event struct {
	ID    string `json:"id"`
	State string `json:"state"`
	// Position is the place in the queue (1 = next) while queued.
	Position int `json:"position,omitempty"`
	// Page is the 1-based number, in the document, of the page being rendered.
	Page int `json:"page,omitempty"`
	// Done and Pages count the pages finished and to do.
	Done  int `json:"done"`
	Pages int `json:"pages"`
	// Progress is the fraction done, 0–1.
	Progress float64       `json:"progress"`
	Error    *apierr.Error `json:"error,omitempty"`
}

func (e Event) terminal() bool {
	return e.State == StateDone || e.State == StateFailed || e.State == StateCancelled
}

// ValidID reports whether id can name an export: 8–64 letters, digits, '-' or '_'.
func ValidID(id string) bool {
	if len(id) < 8 || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// NewID returns a random export id.
func NewID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Hub passes progress events from exports to the clients that watch them. A watcher always
// gets the latest state (intermediate steps may be merged when it reads slowly), and the final
// state is kept for a while so a watcher that connects late still learns the outcome.
type Hub struct {
	mu       sync.Mutex
	topics   map[string]*topic
	watchers int
	// MaxWatchers bounds the open watches (each is a websocket).
	MaxWatchers int
	// Keep is how long a finished export's last event stays available.
	Keep time.Duration
}

type topic struct {
	seq     int
	last    Event
	active  bool // an export with this id is running or queued
	subs    map[*Watch]struct{}
	expires time.Time
}

// NewHub returns an empty hub.
func NewHub() *Hub {
	return &Hub{topics: map[string]*topic{}, MaxWatchers: 1000, Keep: 2 * time.Minute}
}

// Watch is one client's view of an export's progress.
type Watch struct {
	hub    *Hub
	id     string
	seen   int
	notify chan struct{}
}

// Watch starts watching the export id. ok is false when too many watches are open.
func (h *Hub) Watch(id string) (w *Watch, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.watchers >= h.MaxWatchers {
		return nil, false
	}
	h.gcLocked()
	t := h.topicLocked(id)
	w = &Watch{hub: h, id: id, notify: make(chan struct{}, 1)}
	t.subs[w] = struct{}{}
	h.watchers++
	if t.seq > 0 {
		w.notify <- struct{}{}
	}
	return w, true
}

func (h *Hub) topicLocked(id string) *topic {
	t := h.topics[id]
	if t == nil {
		t = &topic{subs: map[*Watch]struct{}{}}
		h.topics[id] = t
	}
	return t
}

// Next waits for an event newer than the last one returned. It returns false when ctx ends.
func (w *Watch) Next(ctx context.Context) (Event, bool) {
	for {
		w.hub.mu.Lock()
		t := w.hub.topics[w.id]
		if t != nil && t.seq > w.seen {
			w.seen = t.seq
			ev := t.last
			w.hub.mu.Unlock()
			return ev, true
		}
		w.hub.mu.Unlock()
		select {
		case <-w.notify:
		case <-ctx.Done():
			return Event{}, false
		}
	}
}

// Close stops the watch.
func (w *Watch) Close() {
	h := w.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	if t := h.topics[w.id]; t != nil {
		if _, ok := t.subs[w]; ok {
			delete(t.subs, w)
			h.watchers--
		}
		if len(t.subs) == 0 && !t.active && t.seq == 0 {
			delete(h.topics, w.id)
		}
	}
}

// Busy reports whether an export with this id is under way.
func (h *Hub) Busy(id string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	t := h.topics[id]
	return t != nil && t.active
}

// Seen reports whether any event of export id is known (under way, or finished recently).
func (h *Hub) Seen(id string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	t := h.topics[id]
	return t != nil && t.seq > 0
}

// Start marks export id as under way, so its events are published. It reports false when an
// export with this id is already under way (ids must be unique among running exports).
func (h *Hub) Start(id string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	t := h.topicLocked(id)
	if t.active {
		return false
	}
	t.active = true
	return true
}

// Publish records ev as the latest state of export ev.ID and wakes its watchers. Events of an
// export that is not under way (not started, or already over) are dropped, except the final one.
func (h *Hub) Publish(ev Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	t := h.topicLocked(ev.ID)
	if !t.active && !ev.terminal() {
		return
	}
	t.seq++
	t.last = ev
	t.active = !ev.terminal()
	if ev.terminal() {
		t.expires = time.Now().Add(h.Keep)
		h.gcLocked()
	}
	for w := range t.subs {
		select {
		case w.notify <- struct{}{}:
		default:
		}
	}
}

// gcLocked forgets finished exports whose last event is older than Keep and nobody watches.
func (h *Hub) gcLocked() {
	now := time.Now()
	for id, t := range h.topics {
		if !t.active && t.seq > 0 && len(t.subs) == 0 && now.After(t.expires) {
			delete(h.topics, id)
		}
	}
}
