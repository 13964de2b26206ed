package webrtcmock

import (
	"fmt"
	"net/http"
	"testing"
)

func TestAddParticipantToSession(t *testing.T) {
	h := newHarness(t, Options{})
	sid := h.newSession("s")
	mustEqual(t, "empty session list", h.listMembers(sid), []string(nil)) // 204

	pid := h.newParticipant()
	r := h.addToSession(sid, pid, "")
	expectStatus(t, r, http.StatusNoContent)
	expectNoBody(t, r)

	got := h.getParticipant(pid)
	mustEqual(t, "sessions", got.Sessions, []string{sid})
	mustEqual(t, "subscriptions after add without body", got.Subscriptions, Subscriptions{})
	expectStatus(t, h.getSubscriptions(sid, pid), http.StatusNoContent)

	list := h.api(http.MethodGet, "sessions/"+sid+"/participants", "")
	expectStatus(t, list, http.StatusOK)
	mustEqual(t, "listed participants", decode[[]ParticipantView](t, list.body), []ParticipantView{got})
}

func TestAddParticipantToSessionConflicts(t *testing.T) {
	h := newHarness(t, Options{})
	first, second := h.newSession("first"), h.newSession("second")
	pid := h.newParticipant()
	expectStatus(t, h.addToSession(first, pid, ""), 204)

	expectRequestError(t, h.addToSession(second, pid, ""), http.StatusConflict,
		fmt.Sprintf("participant %s is already in session %s", pid, first))
	mustEqual(t, "sessions unchanged", h.getParticipant(pid).Sessions, []string{first})
	mustEqual(t, "second session still empty", h.listMembers(second), []string(nil))
}

func TestSessionHoldsAtMostTwentyParticipants(t *testing.T) {
	h := newHarness(t, Options{})
	sid := h.newSession("full")
	var members []string
	for range MaxParticipantsPerSession {
		pid := h.newParticipant()
		expectStatus(t, h.addToSession(sid, pid, ""), http.StatusNoContent)
		members = append(members, pid)
	}
	extra := h.newParticipant()
	expectRequestError(t, h.addToSession(sid, extra, ""), http.StatusConflict,
		fmt.Sprintf("session %s is full (20 participants)", sid))
	mustEqual(t, "members in join order", h.listMembers(sid), members)
	mustEqual(t, "rejected participant's sessions", h.getParticipant(extra).Sessions, []string{})

	// Re-adding a member of a full session is still idempotent, and leaving frees a seat.
	expectStatus(t, h.addToSession(sid, members[0], ""), http.StatusNoContent)
	expectStatus(t, h.api(http.MethodDelete, "sessions/"+sid+"/participants/"+members[0], ""), http.StatusNoContent)
	expectStatus(t, h.addToSession(sid, extra, ""), http.StatusNoContent)
}

func TestReAddingIsIdempotentAndAppliesSubscriptions(t *testing.T) {
	h := newHarness(t, Options{})
	sid := h.newSession("s")
	pid := h.newParticipant()
	expectStatus(t, h.addToSession(sid, pid, ""), 204)
	expectStatus(t, h.addToSession(sid, pid, `{"sessionId":"`+sid+`"}`), 204)
	mustEqual(t, "members", h.listMembers(sid), []string{pid})
	expectJSON(t, h.getSubscriptions(sid, pid), `{"sessionId":"`+sid+`"}`)

	// A body that subscribes to nothing only (re)confirms membership; it does not clear.
	for _, body := range []string{"", "{}", `{"participants":[]}`} {
		expectStatus(t, h.addToSession(sid, pid, body), 204)
		expectJSON(t, h.getSubscriptions(sid, pid), `{"sessionId":"`+sid+`"}`)
	}
	mustEqual(t, "members", h.listMembers(sid), []string{pid})
}

func TestAddParticipantToSessionRejectsInvalidBodies(t *testing.T) {
	h := newHarness(t, Options{})
	sid, other := h.newSession("s"), h.newSession("other")
	pid := h.newParticipant()
	cases := []struct{ name, body, want string }{
		{"malformed JSON", `{"sessionId":`, "malformed JSON body"},
		{"participantId missing", `{"participants":[{"streamAliases":["a"]}]}`, "participants[0].participantId is required"},
		{"participantId not a UUID", `{"participants":[{"participantId":"` + otherUUID + `"},{"participantId":"p2"}]}`, `participants[1].participantId "p2" is not a valid UUID`},
		{"duplicate stream alias", `{"participants":[{"participantId":"` + otherUUID + `","streamAliases":["mic","cam","mic"]}]}`, `participants[0].streamAliases: "mic" is listed more than once`},
		{"sessionId not a UUID", `{"sessionId":"s1"}`, `sessionId "s1" is not a valid UUID`},
		{"sessionId of another session", `{"sessionId":"` + other + `"}`, "does not match session " + sid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			expectRequestError(t, h.addToSession(sid, pid, tc.body), http.StatusBadRequest, tc.want)
			mustEqual(t, "sessions", h.getParticipant(pid).Sessions, []string{})
		})
	}
}

func TestRemoveParticipantFromSession(t *testing.T) {
	h := newHarness(t, Options{})
	sid := h.newSession("s")
	pid, peer := h.newParticipant(), h.newParticipant()
	expectStatus(t, h.addToSession(sid, pid, `{"participants":[{"participantId":"`+peer+`"}]}`), 204)
	expectStatus(t, h.addToSession(sid, peer, ""), 204)

	r := h.api(http.MethodDelete, "sessions/"+sid+"/participants/"+pid, "")
	expectStatus(t, r, http.StatusNoContent)
	expectNoBody(t, r)
	got := h.getParticipant(pid)
	mustEqual(t, "sessions", got.Sessions, []string{})
	mustEqual(t, "subscriptions", got.Subscriptions, Subscriptions{})
	expectStatus(t, h.getSubscriptions(sid, pid), http.StatusNoContent)
	mustEqual(t, "members", h.listMembers(sid), []string{peer})

	expectRequestError(t, h.api(http.MethodDelete, "sessions/"+sid+"/participants/"+pid, ""), http.StatusNotFound,
		fmt.Sprintf("participant %s is not in session %s", pid, sid))
}

func TestDeleteParticipantLeavesItsSession(t *testing.T) {
	h := newHarness(t, Options{})
	sid := h.newSession("s")
	pid, peer := h.newParticipant(), h.newParticipant()
	expectStatus(t, h.addToSession(sid, pid, ""), 204)
	expectStatus(t, h.addToSession(sid, peer, ""), 204)
	expectStatus(t, h.api(http.MethodDelete, "participants/"+pid, ""), 204)
	mustEqual(t, "members", h.listMembers(sid), []string{peer})
	expectStatus(t, h.api(http.MethodDelete, "participants/"+peer, ""), 204)
	mustEqual(t, "members", h.listMembers(sid), []string(nil))
}
