package webrtcmock

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// seedBody is the createParticipant example of the older docs (seed 000), with a real session.
const seedBody = `{
  "callbackUrl": "https://example.com/callback",
  "publishPermissions": ["VIDEO", "AUDIO"],
  "subscriptions": {
    "sessionId": "SID",
    "participants": [
      {"participantId": "568749d5-04d5-483d-adf5-deac7dd3d521"},
      {"participantId": "0275e47f-dd21-4cf0-a1e1-dfdc719e73a7"}
    ]
  },
  "tag": "participant1"
}`

var seedSubscriptions = []ParticipantSubscription{
	{ParticipantID: "568749d5-04d5-483d-adf5-deac7dd3d521"},
	{ParticipantID: "0275e47f-dd21-4cf0-a1e1-dfdc719e73a7"},
}

func TestSubscriptionsOnCreate(t *testing.T) {
	cases := []struct {
		name         string
		legacyOption bool
		switchTo     *bool // SetLegacySubscriptionsOnCreate before creating, if set
		legacy       bool  // the behaviour expected
	}{
		{"spec 2.0.0 ignores them", false, nil, false},
		{"legacy option stores them", true, nil, true},
		{"switched on at run time", false, ptr(true), true},
		{"switched off at run time", true, ptr(false), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{LegacySubscriptionsOnCreate: tc.legacyOption})
			if tc.switchTo != nil {
				h.m.SetLegacySubscriptionsOnCreate(*tc.switchTo)
			}
			sid := h.newSession("s")
			created, _ := h.createParticipant(strings.ReplaceAll(seedBody, "SID", sid))

			if !tc.legacy {
				mustEqual(t, "sessions", created.Sessions, []string{})
				mustEqual(t, "subscriptions", created.Subscriptions, Subscriptions{})
				mustEqual(t, "members", h.listMembers(sid), []string(nil))
				expectStatus(t, h.getSubscriptions(sid, created.ID), http.StatusNoContent)
				return
			}
			want := Subscriptions{SessionID: sid, Participants: seedSubscriptions}
			mustEqual(t, "sessions", created.Sessions, []string{sid})
			mustEqual(t, "subscriptions", created.Subscriptions, want)
			mustEqual(t, "fetched", h.getParticipant(created.ID), created)
			mustEqual(t, "members", h.listMembers(sid), []string{created.ID})
			expectJSON(t, h.getSubscriptions(sid, created.ID), string(mustMarshal(t, want)))
		})
	}
}

func TestSpecModeIgnoresEvenInvalidSubscriptionsOnCreate(t *testing.T) {
	h := newHarness(t, Options{})
	created, _ := h.createParticipant(`{"subscriptions":5,"tag":"t"}`)
	mustEqual(t, "subscriptions", created.Subscriptions, Subscriptions{})
	mustEqual(t, "tag", created.Tag, "t")
}

func TestLegacySubscriptionsOnCreateEdgeCases(t *testing.T) {
	h := newHarness(t, Options{LegacySubscriptionsOnCreate: true})
	full := h.newSession("full")
	for range MaxParticipantsPerSession {
		expectStatus(t, h.addToSession(full, h.newParticipant(), ""), 204)
	}
	created := h.m.Stats().ParticipantsCreated

	errorCases := []struct {
		name, body string
		status     int
		want       string
	}{
		{"unknown session", `{"subscriptions":{"sessionId":"` + otherUUID + `"}}`, 400, "subscriptions.sessionId: session " + otherUUID + " not found"},
		{"session id not a UUID", `{"subscriptions":{"sessionId":"abc"}}`, 400, `sessionId "abc" is not a valid UUID`},
		{"full session", `{"subscriptions":{"sessionId":"` + full + `"}}`, 409, fmt.Sprintf("session %s is full (20 participants)", full)},
		{"participantId missing", `{"subscriptions":{"participants":[{}]}}`, 400, "participants[0].participantId is required"},
		{"not an object", `{"subscriptions":5}`, 400, "malformed JSON body"},
	}
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			expectRequestError(t, h.api(http.MethodPost, "participants", tc.body), tc.status, tc.want)
			mustEqual(t, "nothing created", h.m.Stats().ParticipantsCreated, created)
		})
	}

	t.Run("participants without a session", func(t *testing.T) {
		p, _ := h.createParticipant(`{"subscriptions":{"participants":[{"participantId":"` + otherUUID + `"}]}}`)
		mustEqual(t, "sessions", p.Sessions, []string{})
		mustEqual(t, "subscriptions", p.Subscriptions, Subscriptions{Participants: []ParticipantSubscription{{ParticipantID: otherUUID}}})
	})
	t.Run("empty subscriptions", func(t *testing.T) {
		p, _ := h.createParticipant(`{"subscriptions":{}}`)
		mustEqual(t, "subscriptions", p.Subscriptions, Subscriptions{})
	})
}
