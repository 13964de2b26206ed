package webrtcmock

import (
	"net/http"
	"strings"
	"testing"
)

func TestCreateAndGetSession(t *testing.T) {
	cases := []struct{ name, body, want string }{
		{"tag", `{"tag":"session1"}`, `"tag":"session1"`},
		{"no body", ``, ``},
		{"empty tag is omitted", `{"tag":""}`, ``},
		{"id in the body is ignored", `{"id":"` + otherUUID + `","tag":"x"}`, `"tag":"x"`},
		{"unknown fields are ignored", `{"participantIds":[],"tag":"y"}`, `"tag":"y"`},
		{"tag of exactly 50 characters", `{"tag":"` + strings.Repeat("s", 50) + `"}`, `"tag":"` + strings.Repeat("s", 50) + `"`},
		{"tag of 50 multi-byte characters", `{"tag":"` + strings.Repeat("é", 50) + `"}`, `"tag":"` + strings.Repeat("é", 50) + `"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			r := h.api(http.MethodPost, "sessions", tc.body)
			expectStatus(t, r, http.StatusOK)
			id := decode[SessionView](t, r.body).ID
			if !isUUID(id) || id == otherUUID {
				t.Fatalf("id %q is not a fresh UUID", id)
			}
			want := `{"id":"` + id + `"}`
			if tc.want != "" {
				want = `{"id":"` + id + `",` + tc.want + `}`
			}
			expectJSON(t, r, want)
			got := h.api(http.MethodGet, "sessions/"+id, "")
			expectStatus(t, got, http.StatusOK)
			expectJSON(t, got, want)
			mustEqual(t, "SessionIDs", h.m.SessionIDs(), []string{id})
		})
	}
}

func TestCreateSessionRejectsInvalidBodies(t *testing.T) {
	cases := []struct{ name, body, want string }{
		{"tag too long", `{"tag":"` + strings.Repeat("s", 51) + `"}`, "tag must be at most 50 characters"},
		{"tag of 51 multi-byte characters", `{"tag":"` + strings.Repeat("é", 51) + `"}`, "tag must be at most 50 characters"},
		{"malformed JSON", `{"tag"`, "malformed JSON body"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			expectRequestError(t, h.api(http.MethodPost, "sessions", tc.body), http.StatusBadRequest, tc.want)
			mustEqual(t, "LiveSessions", h.m.Stats().LiveSessions, 0)
		})
	}
}

func TestIdenticalSessionCreatesMakeDistinctSessions(t *testing.T) {
	h := newHarness(t, Options{})
	if a, b := h.newSession("same"), h.newSession("same"); a == b {
		t.Fatalf("same id %s twice", a)
	}
	mustEqual(t, "LiveSessions", h.m.Stats().LiveSessions, 2)
}

func TestDeleteSessionCascades(t *testing.T) {
	h := newHarness(t, Options{})
	sid, keep := h.newSession("doomed"), h.newSession("kept")
	member, outsider := h.newParticipant(), h.newParticipant()
	expectStatus(t, h.addToSession(sid, member, `{"sessionId":"`+sid+`"}`), 204)
	expectStatus(t, h.updateSubscriptions(keep, outsider, `{"participants":[{"participantId":"`+member+`"}]}`), 204)
	// Written last, so the outsider's view would still show it if deleteSession left it behind.
	expectStatus(t, h.updateSubscriptions(sid, outsider, `{"sessionId":"`+sid+`"}`), 204)

	r := h.api(http.MethodDelete, "sessions/"+sid, "")
	expectStatus(t, r, http.StatusNoContent)
	expectNoBody(t, r)

	expectRequestError(t, h.api(http.MethodGet, "sessions/"+sid, ""), http.StatusNotFound, "session "+sid+" not found")
	expectRequestError(t, h.api(http.MethodGet, "sessions/"+sid+"/participants", ""), http.StatusNotFound, "not found")
	expectRequestError(t, h.addToSession(sid, member, ""), http.StatusNotFound, "not found")
	expectRequestError(t, h.api(http.MethodDelete, "sessions/"+sid, ""), http.StatusNotFound, "not found")

	got := h.getParticipant(member)
	mustEqual(t, "member sessions", got.Sessions, []string{})
	mustEqual(t, "member subscriptions", got.Subscriptions, Subscriptions{})
	// The outsider keeps only what it had for the surviving session.
	mustEqual(t, "outsider subscriptions", h.getParticipant(outsider).Subscriptions,
		Subscriptions{SessionID: keep, Participants: []ParticipantSubscription{{ParticipantID: member}}})
	// The freed participant can join another session.
	expectStatus(t, h.addToSession(keep, member, ""), http.StatusNoContent)
}

func TestOutOfBandRemoval(t *testing.T) {
	h := newHarness(t, Options{})
	sid := h.newSession("s")
	pid := h.newParticipant()
	expectStatus(t, h.addToSession(sid, pid, ""), 204)
	requests := h.m.TotalRequests()

	mustEqual(t, "RemoveSession", h.m.RemoveSession(sid), true)
	mustEqual(t, "RemoveSession again", h.m.RemoveSession(sid), false)
	mustEqual(t, "sessions after session expiry", h.getParticipant(pid).Sessions, []string{})
	mustEqual(t, "RemoveParticipant", h.m.RemoveParticipant(pid), true)
	mustEqual(t, "RemoveParticipant again", h.m.RemoveParticipant(pid), false)
	mustEqual(t, "requests counted by out-of-band removal", h.m.TotalRequests(), requests+1) // the getParticipant above

	expectRequestError(t, h.api(http.MethodGet, "participants/"+pid, ""), http.StatusNotFound, "not found")
	expectRequestError(t, h.api(http.MethodGet, "sessions/"+sid, ""), http.StatusNotFound, "not found")
	mustEqual(t, "ids", len(h.m.ParticipantIDs())+len(h.m.SessionIDs()), 0)
	if _, ok := h.m.Session(sid); ok {
		t.Fatal("Session snapshot found after removal")
	}
}
