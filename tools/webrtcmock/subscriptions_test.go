package webrtcmock

import (
	"net/http"
	"strings"
	"testing"
)

func TestSubscriptionPrecedenceRules(t *testing.T) {
	const peer = "568749d5-04d5-483d-adf5-deac7dd3d521"
	cases := []struct {
		name, body string
		want       string // "" means nothing stored (GET answers 204)
	}{
		{"participants and sessionId", `{"sessionId":"SID","participants":[{"participantId":"` + peer + `"}]}`,
			`{"sessionId":"SID","participants":[{"participantId":"` + peer + `"}]}`},
		{"participants alone get the path session", `{"participants":[{"participantId":"` + peer + `","streamAliases":["microphone","screenShare"]}]}`,
			`{"sessionId":"SID","participants":[{"participantId":"` + peer + `","streamAliases":["microphone","screenShare"]}]}`},
		{"empty aliases mean all aliases", `{"participants":[{"participantId":"` + peer + `","streamAliases":[]}]}`,
			`{"sessionId":"SID","participants":[{"participantId":"` + peer + `"}]}`},
		{"sessionId alone is the whole session", `{"sessionId":"SID"}`, `{"sessionId":"SID"}`},
		{"empty participants fall back to sessionId", `{"sessionId":"SID","participants":[]}`, `{"sessionId":"SID"}`},
		{"empty object is nothing", `{}`, ``},
		{"empty participants alone are nothing", `{"participants":[]}`, ``},
		{"no body is nothing", ``, ``},
		{"null body is nothing", `null`, ``},
		{"unknown fields are ignored", `{"sessionId":"SID","mode":"all"}`, `{"sessionId":"SID"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			sid := h.newSession("s")
			pid := h.newParticipant()
			expectStatus(t, h.addToSession(sid, pid, ""), 204)
			r := h.updateSubscriptions(sid, pid, strings.ReplaceAll(tc.body, "SID", sid))
			expectStatus(t, r, http.StatusNoContent)
			expectNoBody(t, r)

			got := h.getSubscriptions(sid, pid)
			if tc.want == "" {
				expectStatus(t, got, http.StatusNoContent)
				expectNoBody(t, got)
				mustEqual(t, "participant subscriptions", h.getParticipant(pid).Subscriptions, Subscriptions{})
				return
			}
			want := strings.ReplaceAll(tc.want, "SID", sid)
			expectStatus(t, got, http.StatusOK)
			expectJSON(t, got, want)
			expectJSON(t, reply{body: mustMarshal(t, h.getParticipant(pid).Subscriptions)}, want)
		})
	}
}

func TestSubscriptionsAreReplacedNotMerged(t *testing.T) {
	h := newHarness(t, Options{})
	sid := h.newSession("s")
	pid, a, b := h.newParticipant(), h.newParticipant(), h.newParticipant()
	expectStatus(t, h.addToSession(sid, pid, `{"participants":[{"participantId":"`+a+`","streamAliases":["cam"]}]}`), 204)

	steps := []struct{ body, want string }{
		{`{"participants":[{"participantId":"` + b + `"}]}`, `{"sessionId":"` + sid + `","participants":[{"participantId":"` + b + `"}]}`},
		{`{"participants":[{"participantId":"` + a + `","streamAliases":["mic"]}]}`, `{"sessionId":"` + sid + `","participants":[{"participantId":"` + a + `","streamAliases":["mic"]}]}`},
		{`{"sessionId":"` + sid + `"}`, `{"sessionId":"` + sid + `"}`},
	}
	for _, step := range steps {
		expectStatus(t, h.updateSubscriptions(sid, pid, step.body), 204)
		expectJSON(t, h.getSubscriptions(sid, pid), step.want)
	}
	// A missing body removes everything.
	expectStatus(t, h.updateSubscriptions(sid, pid, ""), 204)
	expectStatus(t, h.getSubscriptions(sid, pid), http.StatusNoContent)
	mustEqual(t, "still a member", h.getParticipant(pid).Sessions, []string{sid})
}

func TestUpdateSubscriptionsWithoutMembership(t *testing.T) {
	h := newHarness(t, Options{})
	sid := h.newSession("s")
	pid := h.newParticipant()
	expectStatus(t, h.updateSubscriptions(sid, pid, `{"sessionId":"`+sid+`"}`), http.StatusNoContent)

	expectJSON(t, h.getSubscriptions(sid, pid), `{"sessionId":"`+sid+`"}`)
	got := h.getParticipant(pid)
	mustEqual(t, "not made a member", got.Sessions, []string{})
	mustEqual(t, "stored subscriptions shown outside a session", got.Subscriptions, Subscriptions{SessionID: sid})
	mustEqual(t, "session members", h.listMembers(sid), []string(nil))
	expectRequestError(t, h.api(http.MethodDelete, "sessions/"+sid+"/participants/"+pid, ""), http.StatusNotFound, "is not in session")

	// Joining afterwards without a body keeps what was stored.
	expectStatus(t, h.addToSession(sid, pid, ""), 204)
	expectJSON(t, h.getSubscriptions(sid, pid), `{"sessionId":"`+sid+`"}`)
}

func TestSubscriptionsAreStoredPerSession(t *testing.T) {
	h := newHarness(t, Options{})
	home, away := h.newSession("home"), h.newSession("away")
	pid, peer := h.newParticipant(), h.newParticipant()
	expectStatus(t, h.addToSession(home, pid, `{"participants":[{"participantId":"`+peer+`"}]}`), 204)
	expectStatus(t, h.updateSubscriptions(away, pid, `{"sessionId":"`+away+`"}`), 204)

	expectJSON(t, h.getSubscriptions(home, pid), `{"sessionId":"`+home+`","participants":[{"participantId":"`+peer+`"}]}`)
	expectJSON(t, h.getSubscriptions(away, pid), `{"sessionId":"`+away+`"}`)
	mustEqual(t, "view shows the session it is in", h.getParticipant(pid).Subscriptions,
		Subscriptions{SessionID: home, Participants: []ParticipantSubscription{{ParticipantID: peer}}})

	// Out of its session, the view falls back to what it still has stored.
	expectStatus(t, h.api(http.MethodDelete, "sessions/"+home+"/participants/"+pid, ""), 204)
	mustEqual(t, "view after leaving", h.getParticipant(pid).Subscriptions, Subscriptions{SessionID: away})
}

func TestUpdateSubscriptionsRejectsInvalidBodies(t *testing.T) {
	h := newHarness(t, Options{})
	sid, other := h.newSession("s"), h.newSession("o")
	pid := h.newParticipant()
	expectStatus(t, h.addToSession(sid, pid, `{"sessionId":"`+sid+`"}`), 204)
	cases := []struct{ name, body, want string }{
		{"malformed JSON", `{"participants":[`, "malformed JSON body"},
		{"participants not an array", `{"participants":{}}`, "malformed JSON body"},
		{"participantId missing", `{"participants":[{}]}`, "participants[0].participantId is required"},
		{"participantId not a UUID", `{"participants":[{"participantId":"x"}]}`, `participants[0].participantId "x" is not a valid UUID`},
		{"duplicate stream alias", `{"participants":[{"participantId":"` + otherUUID + `","streamAliases":["a","a"]}]}`, "listed more than once"},
		{"sessionId of another session", `{"sessionId":"` + other + `"}`, "does not match"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			expectRequestError(t, h.updateSubscriptions(sid, pid, tc.body), http.StatusBadRequest, tc.want)
			expectJSON(t, h.getSubscriptions(sid, pid), `{"sessionId":"`+sid+`"}`) // unchanged
		})
	}
}
