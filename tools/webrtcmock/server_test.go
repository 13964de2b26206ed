package webrtcmock

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

func startServer(t *testing.T, m *Mock) *Server {
	t.Helper()
	srv, err := m.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

func post(t *testing.T, client *http.Client, url, user, pass, body string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(user, pass)
	return client.Do(req)
}

func drain(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestServerURLsAndConnectionCounting(t *testing.T) {
	m := New(Options{})
	srv := startServer(t, m)
	if !regexp.MustCompile(`^http://127\.0\.0\.1:\d+/v1$`).MatchString(srv.BaseURL()) {
		t.Fatalf("BaseURL %q", srv.BaseURL())
	}
	mustEqual(t, "TokenURL", srv.TokenURL(), strings.TrimSuffix(srv.BaseURL(), "/v1")+"/api/v1/oauth2/token")

	keepAlive := &http.Client{Transport: &http.Transport{}}
	defer keepAlive.CloseIdleConnections()
	for range 3 {
		resp, err := post(t, keepAlive, srv.BaseURL()+"/accounts/9900000/sessions", "demo", "demo", "")
		if err != nil {
			t.Fatal(err)
		}
		drain(t, resp)
		mustEqual(t, "status", resp.StatusCode, 200)
	}
	mustEqual(t, "connections with keep-alive", m.Stats().ConnectionsAccepted, 1)

	oneShot := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	for range 2 {
		resp, err := post(t, oneShot, srv.TokenURL(), "demo-client", "demo-secret", "")
		if err != nil {
			t.Fatal(err)
		}
		drain(t, resp)
		mustEqual(t, "token status without grant", resp.StatusCode, 400)
	}
	mustEqual(t, "connections without keep-alive", m.Stats().ConnectionsAccepted, 3)

	resp, err := oneShot.Get(srv.StatsURL())
	if err != nil {
		t.Fatal(err)
	}
	var stats Stats
	if err := json.Unmarshal(drain(t, resp), &stats); err != nil {
		t.Fatal(err)
	}
	mustEqual(t, "stats over HTTP", stats, Stats{
		LiveSessions:        3,
		Requests:            map[string]map[int]int{OpCreateSession: {200: 3}, OpOAuth2Token: {400: 2}},
		ConnectionsAccepted: 4,
	})

	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := oneShot.Get(srv.StatsURL()); err == nil {
		t.Fatal("request after Close succeeded")
	}
}

func TestResetFault(t *testing.T) {
	cases := []struct {
		name          string
		afterHandling bool
		created       int
	}{{"before handling", false, 0}, {"after handling", true, 1}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := New(Options{})
			srv := startServer(t, m)
			m.Inject(OpCreateParticipant, Fault{Reset: true, AfterHandling: tc.afterHandling})
			client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
			url := srv.BaseURL() + "/accounts/9900000/participants"

			if resp, err := post(t, client, url, "demo", "demo", `{"tag":"t"}`); err == nil {
				drain(t, resp)
				t.Fatalf("got a response (%d) instead of a reset connection", resp.StatusCode)
			}
			stats := m.Stats()
			mustEqual(t, "requests", stats.Requests, map[string]map[int]int{OpCreateParticipant: {0: 1}})
			mustEqual(t, "participants created", stats.ParticipantsCreated, tc.created)

			resp, err := post(t, client, url, "demo", "demo", "")
			if err != nil {
				t.Fatalf("request after the reset: %v", err)
			}
			drain(t, resp)
			mustEqual(t, "status after the reset", resp.StatusCode, 200)
		})
	}
}

// TestDelayEndsWhenAClientWithABodyGivesUp: over a real connection, a create whose client gives up
// during a delay before handling is never carried out, though its body was sent.
func TestDelayEndsWhenAClientWithABodyGivesUp(t *testing.T) {
	m := New(Options{})
	srv := startServer(t, m)
	m.Inject(OpCreateParticipant, Fault{Delay: time.Minute})
	client := &http.Client{Timeout: 100 * time.Millisecond}
	if resp, err := post(t, client, srv.BaseURL()+"/accounts/9900000/participants", "demo", "demo", `{"tag":"t"}`); err == nil {
		drain(t, resp)
		t.Fatalf("got a response (%d) during the delay", resp.StatusCode)
	}
	// Shutdown waits for the handler: it must have seen the client leave, not slept on.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("the handler did not notice the client leave: %v", err)
	}
	stats := m.Stats()
	mustEqual(t, "requests", stats.Requests, map[string]map[int]int{OpCreateParticipant: {StatusClientGone: 1}})
	mustEqual(t, "participants created", stats.ParticipantsCreated, 0)
}
