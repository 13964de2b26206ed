package webrtcmock

import (
	"net/http"
	"testing"
)

func TestMembershipsAndRemoveMembership(t *testing.T) {
	h := newHarness(t, Options{})
	room, empty := h.newSession("room"), h.newSession("empty")
	alice, bob := h.newParticipant(), h.newParticipant()
	expectStatus(t, h.addToSession(room, alice, `{"sessionId":"`+room+`"}`), http.StatusNoContent)
	expectStatus(t, h.addToSession(room, bob, ""), http.StatusNoContent)

	got := h.m.Memberships()
	mustEqual(t, "room members", got[room], []string{alice, bob})
	mustEqual(t, "empty members", got[empty], []string{})
	mustEqual(t, "sessions listed", len(got), 2)

	if _, ok := h.m.StoredSubscriptions(alice, room); !ok {
		t.Fatal("alice has no stored subscriptions for the room")
	}
	if !h.m.RemoveMembership(room, alice) {
		t.Fatal("RemoveMembership(room, alice) = false")
	}
	if h.m.RemoveMembership(room, alice) || h.m.RemoveMembership(empty, bob) || h.m.RemoveMembership("nope", bob) {
		t.Fatal("RemoveMembership of a non-member reported true")
	}
	mustEqual(t, "room members after removal", h.m.Memberships()[room], []string{bob})
	if _, ok := h.m.StoredSubscriptions(alice, room); ok {
		t.Fatal("alice's subscriptions for the room survived leaving it")
	}
	mustEqual(t, "alice's sessions", h.getParticipant(alice).Sessions, []string{})
	mustEqual(t, "requests counted", h.m.TotalRequests(), 7) // 2 sessions, 2 participants, 2 adds, 1 get
}

func TestStoredSubscriptions(t *testing.T) {
	h := newHarness(t, Options{})
	room := h.newSession("room")
	alice, bob := h.newParticipant(), h.newParticipant()
	if _, ok := h.m.StoredSubscriptions(alice, room); ok {
		t.Fatal("subscriptions before any were written")
	}
	expectStatus(t, h.updateSubscriptions(room, alice, `{"participants":[{"participantId":"`+bob+`"}]}`), http.StatusNoContent)
	got, ok := h.m.StoredSubscriptions(alice, room)
	mustEqual(t, "found", ok, true)
	mustEqual(t, "stored", got, Subscriptions{SessionID: room, Participants: []ParticipantSubscription{{ParticipantID: bob}}})
	if _, ok := h.m.StoredSubscriptions("missing", room); ok {
		t.Fatal("subscriptions of an unknown participant")
	}
}

func TestPendingFaults(t *testing.T) {
	h := newHarness(t, Options{})
	mustEqual(t, "none", h.m.PendingFaults(), 0)
	h.m.Inject(OpCreateSession, Fault{Status: http.StatusServiceUnavailable})
	h.m.Inject(OpGetSession, Fault{Status: http.StatusInternalServerError, Times: 2})
	mustEqual(t, "two queued", h.m.PendingFaults(), 2)
	expectStatus(t, h.api(http.MethodPost, "sessions", `{"tag":"x"}`), http.StatusServiceUnavailable)
	mustEqual(t, "one left", h.m.PendingFaults(), 1)
	h.m.ClearFaults()
	mustEqual(t, "cleared", h.m.PendingFaults(), 0)
}
