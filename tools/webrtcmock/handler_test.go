package webrtcmock

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// A middleware started with StartHandler sees every request, and learns from WithFaultMark which
// answers an injected fault produced: only those that replaced the operation's answer.
func TestStartHandlerAndFaultMark(t *testing.T) {
	m := New(Options{})
	marks := make(chan bool, 10)
	srv, err := m.StartHandler("127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r, mark := WithFaultMark(r)
		m.ServeHTTP(w, r)
		marks <- mark.Injected()
	}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })

	post := func() int {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.BaseURL()+"/accounts/"+testAccount+"/participants", strings.NewReader(`{"tag":"t"}`))
		if err != nil {
			t.Fatal(err)
		}
		req.SetBasicAuth("demo", "demo")
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	m.Inject(OpCreateParticipant, Fault{Status: http.StatusServiceUnavailable})
	m.Inject(OpCreateParticipant, Fault{Malformed: true, AfterHandling: true})
	m.Inject(OpCreateParticipant, Fault{Reset: true})
	m.Inject(OpCreateParticipant, Fault{Delay: time.Millisecond}) // the operation still answers
	want := []bool{true, true, true, false, false}
	var statuses []int
	for i := range want {
		statuses = append(statuses, post())
		if marked := <-marks; marked != want[i] {
			t.Errorf("request %d (status %d): marked %v, want %v", i, statuses[i], marked, want[i])
		}
	}
	if statuses[0] != 503 || statuses[2] != 0 || statuses[4] != 200 {
		t.Errorf("statuses %v, want 503, 200 (malformed), none (reset), 200, 200", statuses)
	}
	if got := m.Stats().ConnectionsAccepted; got == 0 {
		t.Error("connections through StartHandler are not counted")
	}
}
