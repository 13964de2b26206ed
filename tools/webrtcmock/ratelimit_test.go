package webrtcmock

import (
	"net/http"
	"testing"
	"time"
)

func TestRateLimit(t *testing.T) {
	type step struct {
		advance    time.Duration
		status     int
		retryAfter string
	}
	cases := []struct {
		name      string
		perSecond float64
		steps     []step
	}{
		{"two per second", 2, []step{
			{0, 200, ""}, {0, 200, ""}, {0, 429, "1"},
			{500 * time.Millisecond, 200, ""}, {0, 429, "1"},
			{time.Second, 200, ""}, {0, 200, ""}, {0, 429, "1"},
		}},
		{"one every two seconds", 0.5, []step{
			{0, 200, ""}, {0, 429, "2"},
			{time.Second, 429, "1"},
			{time.Second, 200, ""},
		}},
		{"bucket does not grow while idle", 1, []step{
			{time.Hour, 200, ""}, {0, 429, "1"},
		}},
		{"off", 0, []step{{0, 200, ""}, {0, 200, ""}, {0, 200, ""}, {0, 200, ""}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			h.m.SetRateLimit(tc.perSecond)
			limited := 0
			for i, s := range tc.steps {
				h.clock.Advance(s.advance)
				r := h.api(http.MethodPost, "sessions", "")
				if r.status != s.status {
					t.Fatalf("step %d: status %d, want %d", i, r.status, s.status)
				}
				mustEqual(t, "Retry-After", r.header.Get("Retry-After"), s.retryAfter)
				if s.status == http.StatusTooManyRequests {
					expectRequestError(t, r, 429, "Too Many Requests")
					limited++
				}
			}
			mustEqual(t, "429s counted", h.m.Stats().Requests[OpCreateSession][429], limited)
		})
	}
}

func TestRateLimitCanBeTurnedOff(t *testing.T) {
	h := newHarness(t, Options{})
	h.m.SetRateLimit(1)
	expectStatus(t, h.api(http.MethodPost, "sessions", ""), 200)
	expectStatus(t, h.api(http.MethodPost, "sessions", ""), 429)
	h.m.SetRateLimit(0)
	expectStatus(t, h.api(http.MethodPost, "sessions", ""), 200)
	h.m.SetRateLimit(1)
	h.m.Reset()
	expectStatus(t, h.api(http.MethodPost, "sessions", ""), 200)
	expectStatus(t, h.api(http.MethodPost, "sessions", ""), 200)
}
