package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"affiche/server/export"
)

func dialProgress(t *testing.T, env *testEnv, query string) *websocket.Conn {
	t.Helper()
	u := "ws" + strings.TrimPrefix(env.ts.URL, "http") + "/api/export/progress" + query
	conn, res, err := websocket.DefaultDialer.Dial(u, http.Header{"Origin": {env.ts.URL}})
	if err != nil {
		t.Fatalf("dial: %v (%v)", err, res)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func readEvent(t *testing.T, conn *websocket.Conn) export.Event {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	var ev export.Event
	_, b, err := conn.ReadMessage()
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if err := json.Unmarshal(b, &ev); err != nil {
		t.Fatalf("event %s: %v", b, err)
	}
	return ev
}

func TestProgressWebsocket(t *testing.T) {
	gate := make(chan struct{})
	env := newEnv(t, nil)
	env.fake.Gate = gate
	const id = "progress-test-42"
	conn := dialProgress(t, env, "?id="+id)
	if ev := readEvent(t, conn); ev.State != StateWaiting || ev.ID != id {
		t.Fatalf("first event %+v", ev)
	}
	three := strings.Replace(twoPages, `{"id":"p2"`, `{"id":"p3","elements":[]},{"id":"p2"`, 1)
	done := make(chan response, 1)
	go func() {
		done <- env.do("POST", "/api/export", "application/json", []byte(`{"id":"`+id+`","scene":`+three+`}`))
	}()
	go func() { // let the pages through one by one, slowly enough to see each step
		for i := 0; i < 3; i++ {
			time.Sleep(50 * time.Millisecond)
			gate <- struct{}{}
		}
	}()
	var states []string
	lastDone := -1
	for {
		ev := readEvent(t, conn)
		if ev.ID != id || ev.Pages != 3 {
			t.Fatalf("event %+v", ev)
		}
		if ev.Done < lastDone {
			t.Errorf("progress went back: %+v", ev)
		}
		lastDone = ev.Done
		states = append(states, ev.State)
		if ev.State == export.StateDone {
			if ev.Done != 3 || ev.Progress != 1 {
				t.Errorf("final event %+v", ev)
			}
			break
		}
		if ev.State == export.StateFailed {
			t.Fatalf("failed: %+v", ev.Error)
		}
	}
	if r := <-done; r.status != 200 || r.header.Get("X-Export-Id") != id {
		t.Errorf("export: %d %q", r.status, r.header.Get("X-Export-Id"))
	}
	if !strings.Contains(strings.Join(states, " "), "rendering") {
		t.Errorf("no rendering events: %v", states)
	}
	// The socket is closed normally after the last event.
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, _, err := conn.ReadMessage(); !websocket.IsCloseError(err, websocket.CloseNormalClosure) {
		t.Errorf("after done: %v", err)
	}

	// A watcher that connects after the end still learns the outcome.
	late := dialProgress(t, env, "?id="+id)
	if ev := readEvent(t, late); ev.State != export.StateDone {
		t.Errorf("late watcher got %+v", ev)
	}
}

func TestProgressServerChosenIDAndFailure(t *testing.T) {
	env := newEnv(t, nil)
	conn := dialProgress(t, env, "")
	first := readEvent(t, conn)
	if !export.ValidID(first.ID) || first.State != StateWaiting {
		t.Fatalf("first event %+v", first)
	}
	// An export that fails its checks reports it on the socket too…
	r := env.do("POST", "/api/export?dpi=300&id="+first.ID, "application/json", []byte(withImage("https://example.com/a.png")))
	if r.status != 422 {
		t.Fatalf("export: %d %s", r.status, r.body)
	}
	ev := readEvent(t, conn)
	if ev.State != export.StateFailed || ev.Error == nil || ev.Error.Path != "pages[0].elements[0].src" || ev.Error.MessageFr == "" {
		t.Errorf("failure event %+v", ev)
	}
	// …and the id can be used again once the export is over.
	conn2 := dialProgress(t, env, "?id="+first.ID)
	if ev := readEvent(t, conn2); ev.State != export.StateFailed {
		t.Errorf("late watcher: %+v", ev)
	}
	if r := env.do("POST", "/api/export?id="+first.ID, "application/json", []byte(a4)); r.status != 200 {
		t.Fatalf("second export with the id: %d %s", r.status, r.body)
	}
	if ev := readEvent(t, dialProgress(t, env, "?id="+first.ID)); ev.State != export.StateDone {
		t.Errorf("after the second export: %+v", ev)
	}
}

func TestProgressSurvivesBackendPanic(t *testing.T) {
	env := newEnv(t, nil)
	env.fake.Panic = true
	conn := dialProgress(t, env, "?id=panic-test-1")
	readEvent(t, conn) // waiting
	if r := env.do("POST", "/api/export?id=panic-test-1", "application/json", []byte(a4)); r.status != 500 {
		t.Fatalf("status %d", r.status)
	}
	for {
		ev := readEvent(t, conn)
		if ev.State == export.StateFailed {
			break
		}
	}
	if env.srv.hub.Busy("panic-test-1") {
		t.Error("the id stays busy after a panic")
	}
}

func TestProgressRejectsCrossOrigin(t *testing.T) {
	env := newEnv(t, nil)
	u := "ws" + strings.TrimPrefix(env.ts.URL, "http") + "/api/export/progress"
	_, res, err := websocket.DefaultDialer.Dial(u, http.Header{"Origin": {"https://evil.example"}})
	if err == nil || res == nil || res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin websocket: err=%v res=%v", err, res)
	}
	env.healthy()
}
