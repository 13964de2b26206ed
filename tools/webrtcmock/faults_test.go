package webrtcmock

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestStatusFaults(t *testing.T) {
	cases := []struct {
		name   string
		op     string
		fault  Fault
		status int
		body   string // exact body, or "" for a requestError checked by message
		errMsg string
	}{
		{"503 with Retry-After", OpCreateParticipant, Fault{Status: 503, RetryAfter: "7"}, 503, "", "Service Unavailable"},
		{"429", OpCreateParticipant, Fault{Status: 429, RetryAfter: "1"}, 429, "", "Too Many Requests"},
		{"500", OpCreateParticipant, Fault{Status: 500}, 500, "", "Internal error"},
		{"404", OpCreateParticipant, Fault{Status: 404}, 404, "", "Not Found"},
		{"401 in the gateway shape", OpCreateParticipant, Fault{Status: 401}, 401, `{"message":"Unauthorized"}`, ""},
		{"403 in the gateway shape", OpCreateParticipant, Fault{Status: 403}, 403, `{"message":"Missing Authentication Token"}`, ""},
		{"token endpoint 503 in the OAuth shape", OpOAuth2Token, Fault{Status: 503}, 503, `{"error":"temporarily_unavailable"}`, ""},
		{"token endpoint 500 in the OAuth shape", OpOAuth2Token, Fault{Status: 500}, 500, `{"error":"server_error"}`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			h.m.Inject(tc.op, tc.fault)
			send := func() reply {
				if tc.op == OpOAuth2Token {
					return h.send(http.MethodPost, TokenPath, "grant_type=client_credentials",
						withBasic("demo-client", "demo-secret"), withHeader("Content-Type", "application/x-www-form-urlencoded"))
				}
				return h.api(http.MethodPost, "participants", "")
			}
			r := send()
			if tc.body != "" {
				expectStatus(t, r, tc.status)
				expectJSON(t, r, tc.body)
			} else {
				expectRequestError(t, r, tc.status, tc.errMsg)
			}
			mustEqual(t, "Retry-After", r.header.Get("Retry-After"), tc.fault.RetryAfter)
			mustEqual(t, "state untouched", h.m.Stats().LiveParticipants+h.m.Stats().AccessTokensIssued, 0)

			expectStatus(t, send(), http.StatusOK) // used up
			mustEqual(t, "requests", h.m.Stats().Requests, map[string]map[int]int{tc.op: {tc.status: 1, 200: 1}})
		})
	}
}

func TestFaultTimesAndOrder(t *testing.T) {
	h := newHarness(t, Options{})
	h.m.Inject(OpGetSession, Fault{Status: 500, Times: 2})
	h.m.Inject(OpGetSession, Fault{Status: 502})
	sid := h.newSession("unaffected by getSession faults")

	var got []int
	for range 5 {
		got = append(got, h.api(http.MethodGet, "sessions/"+sid, "").status)
	}
	mustEqual(t, "statuses", got, []int{500, 500, 502, 200, 200})

	h.m.Inject(OpGetSession, Fault{Status: 503, Times: -1})
	for range 3 {
		expectStatus(t, h.api(http.MethodGet, "sessions/"+sid, ""), 503)
	}
	h.m.ClearFaults()
	expectStatus(t, h.api(http.MethodGet, "sessions/"+sid, ""), 200)
}

func TestRejectedRequestsDoNotUseFaults(t *testing.T) {
	h := newHarness(t, Options{})
	h.m.Inject(OpCreateSession, Fault{Status: 500})
	expectStatus(t, h.api(http.MethodPost, "sessions", "", withoutAuth()), 401)
	expectStatus(t, h.api(http.MethodPost, "sessions", ""), 500)
}

func TestInjectRejectsUnknownOperations(t *testing.T) {
	h := newHarness(t, Options{})
	defer func() {
		if recover() == nil {
			t.Fatal("Inject of an unknown operation did not panic")
		}
	}()
	h.m.Inject("createParticipants", Fault{Status: 500})
}

func TestDelayFault(t *testing.T) {
	cases := []struct {
		name          string
		afterHandling bool
	}{{"before handling", false}, {"after handling", true}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			const delay = 60 * time.Millisecond
			h.m.Inject(OpCreateParticipant, Fault{Delay: delay, AfterHandling: tc.afterHandling})
			start := time.Now()
			r := h.api(http.MethodPost, "participants", `{"tag":"slow"}`)
			if elapsed := time.Since(start); elapsed < delay {
				t.Fatalf("answered after %v, want at least %v", elapsed, delay)
			}
			expectStatus(t, r, http.StatusOK)
			mustEqual(t, "tag", decode[createParticipantResponse](t, r.body).Participant.Tag, "slow")
			mustEqual(t, "live participants", h.m.Stats().LiveParticipants, 1)
		})
	}
}

func TestDelayEndsWhenTheClientGivesUp(t *testing.T) {
	cases := []struct {
		name          string
		afterHandling bool
		created       int
	}{{"before handling: nothing happens", false, 0}, {"after handling: the server acted", true, 1}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			h.m.Inject(OpCreateParticipant, Fault{Delay: time.Minute, Status: 500, AfterHandling: tc.afterHandling})
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
			defer cancel()
			start := time.Now()
			r := h.api(http.MethodPost, "participants", "", withContext(ctx))
			if elapsed := time.Since(start); elapsed > 5*time.Second {
				t.Fatalf("delay ignored the cancelled context (%v)", elapsed)
			}
			if len(r.body) != 0 {
				t.Fatalf("abandoned request got a body: %s", r.body)
			}
			stats := h.m.Stats()
			mustEqual(t, "requests", stats.Requests, map[string]map[int]int{OpCreateParticipant: {StatusClientGone: 1}})
			mustEqual(t, "participants created", stats.ParticipantsCreated, tc.created)
			mustEqual(t, "live participants", stats.LiveParticipants, tc.created)
		})
	}
}

func TestMalformedFault(t *testing.T) {
	cases := []struct {
		name          string
		afterHandling bool
		created       int
	}{{"before handling", false, 0}, {"after handling", true, 1}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			h.m.Inject(OpCreateParticipant, Fault{Malformed: true, AfterHandling: tc.afterHandling})
			r := h.api(http.MethodPost, "participants", `{"tag":"t"}`)
			expectStatus(t, r, http.StatusOK)
			mustEqual(t, "Content-Type", r.header.Get("Content-Type"), "application/json")
			if len(r.body) == 0 || json.Valid(r.body) {
				t.Fatalf("body %q is not malformed JSON", r.body)
			}
			if tc.afterHandling && !strings.HasPrefix(string(r.body), `{"participant":{"id":"`) {
				t.Fatalf("after handling, body %q is not the start of the real answer", r.body)
			}
			mustEqual(t, "participants created", h.m.Stats().ParticipantsCreated, tc.created)
			mustEqual(t, "requests", h.m.Stats().Requests, map[string]map[int]int{OpCreateParticipant: {200: 1}})
		})
	}
}

func TestStatusFaultAfterHandlingChangesState(t *testing.T) {
	h := newHarness(t, Options{})
	sid := h.newSession("s")
	pid := h.newParticipant()
	h.m.Inject(OpCreateParticipant, Fault{Status: 500, AfterHandling: true})
	h.m.Inject(OpAddParticipantToSession, Fault{Status: 503, AfterHandling: true})
	h.m.Inject(OpDeleteSession, Fault{Status: 504, AfterHandling: true})

	expectRequestError(t, h.api(http.MethodPost, "participants", ""), 500, "Internal error")
	mustEqual(t, "participants created", h.m.Stats().ParticipantsCreated, 2)
	mustEqual(t, "live participants", h.m.Stats().LiveParticipants, 2)

	expectRequestError(t, h.addToSession(sid, pid, ""), 503, "Service Unavailable")
	mustEqual(t, "joined anyway", h.getParticipant(pid).Sessions, []string{sid})

	expectRequestError(t, h.api(http.MethodDelete, "sessions/"+sid, ""), 504, "Gateway Timeout")
	mustEqual(t, "sessions left after delete", len(h.m.SessionIDs()), 0)
}
