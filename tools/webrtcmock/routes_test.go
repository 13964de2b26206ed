package webrtcmock

import (
	"net/http"
	"testing"
)

const otherUUID = "0275e47f-dd21-4cf0-a1e1-dfdc719e73a7"

func TestUnknownRoutesAnswerMissingAuthenticationToken(t *testing.T) {
	cases := []struct{ method, path string }{
		{http.MethodGet, accountPath("participants")}, // no list operation exists
		{http.MethodPatch, accountPath("participants/" + otherUUID)},
		{http.MethodPut, accountPath("participants/" + otherUUID)},
		{http.MethodPost, accountPath("sessions/" + otherUUID)},
		{http.MethodGet, accountPath("sessions")},
		{http.MethodPost, accountPath("participants/")},
		{http.MethodGet, accountPath("sessions//participants")},
		{http.MethodPost, accountPath("sessions/" + otherUUID + "/participants/" + otherUUID + "/media")},
		{http.MethodGet, "/v1/accounts//participants/" + otherUUID},
		{http.MethodGet, "/v2/accounts/" + testAccount + "/sessions/" + otherUUID},
		{http.MethodGet, "/"},
		{http.MethodGet, TokenPath},
	}
	for _, auth := range []struct {
		name string
		opt  requestOption
	}{{"authenticated", withBasic("demo", "demo")}, {"anonymous", withoutAuth()}} {
		for _, tc := range cases {
			t.Run(auth.name+" "+tc.method+" "+tc.path, func(t *testing.T) {
				h := newHarness(t, Options{})
				r := h.send(tc.method, tc.path, "", auth.opt)
				expectStatus(t, r, http.StatusForbidden)
				expectJSON(t, r, `{"message":"Missing Authentication Token"}`)
				mustEqual(t, "requests", h.m.Stats().Requests, map[string]map[int]int{OpUnknown: {403: 1}})
			})
		}
	}
}

func TestEveryOperationIsRouted(t *testing.T) {
	h := newHarness(t, Options{})
	pid := h.newParticipant()
	sid := h.newSession("s")
	cases := []struct {
		method, path, op string
		status           int
	}{
		{http.MethodPost, "participants", OpCreateParticipant, 200},
		{http.MethodGet, "participants/" + pid, OpGetParticipant, 200},
		{http.MethodPost, "sessions", OpCreateSession, 200},
		{http.MethodGet, "sessions/" + sid, OpGetSession, 200},
		{http.MethodGet, "sessions/" + sid + "/participants", OpListSessionParticipants, 204},
		{http.MethodPut, "sessions/" + sid + "/participants/" + pid, OpAddParticipantToSession, 204},
		{http.MethodPut, "sessions/" + sid + "/participants/" + pid + "/subscriptions", OpUpdateParticipantSubscriptions, 204},
		{http.MethodGet, "sessions/" + sid + "/participants/" + pid + "/subscriptions", OpGetParticipantSubscriptions, 204},
		{http.MethodDelete, "sessions/" + sid + "/participants/" + pid, OpRemoveParticipantFromSession, 204},
		{http.MethodDelete, "sessions/" + sid, OpDeleteSession, 204},
		{http.MethodDelete, "participants/" + pid, OpDeleteParticipant, 204},
	}
	for _, tc := range cases {
		before := h.m.Stats().Requests[tc.op][tc.status]
		r := h.api(tc.method, tc.path, "")
		expectStatus(t, r, tc.status)
		if tc.status == http.StatusNoContent {
			expectNoBody(t, r)
		}
		if got := h.m.Stats().Requests[tc.op][tc.status]; got != before+1 {
			t.Fatalf("%s %s counted under %s/%d %d times, want %d", tc.method, tc.path, tc.op, tc.status, got, before+1)
		}
	}
}

func TestMalformedPathIDsAreBadRequests(t *testing.T) {
	h := newHarness(t, Options{})
	pid := h.newParticipant()
	sid := h.newSession("s")
	for _, bad := range []string{"not-a-uuid", "568749d504d5483dadf5deac7dd3d521", "{568749d5-04d5-483d-adf5-deac7dd3d521}"} {
		cases := []struct{ method, path, field string }{
			{http.MethodGet, "participants/" + bad, "participantId"},
			{http.MethodDelete, "participants/" + bad, "participantId"},
			{http.MethodGet, "sessions/" + bad, "sessionId"},
			{http.MethodDelete, "sessions/" + bad, "sessionId"},
			{http.MethodGet, "sessions/" + bad + "/participants", "sessionId"},
			{http.MethodPut, "sessions/" + bad + "/participants/" + pid, "sessionId"},
			{http.MethodPut, "sessions/" + sid + "/participants/" + bad, "participantId"},
			{http.MethodDelete, "sessions/" + sid + "/participants/" + bad, "participantId"},
			{http.MethodGet, "sessions/" + sid + "/participants/" + bad + "/subscriptions", "participantId"},
			{http.MethodPut, "sessions/" + bad + "/participants/" + pid + "/subscriptions", "sessionId"},
		}
		for _, tc := range cases {
			t.Run(tc.method+" "+tc.path, func(t *testing.T) {
				expectRequestError(t, h.api(tc.method, tc.path, ""), http.StatusBadRequest, tc.field+` "`+bad+`" is not a valid UUID`)
			})
		}
	}
}

func TestUnknownIDsAreNotFound(t *testing.T) {
	h := newHarness(t, Options{})
	pid := h.newParticipant()
	sid := h.newSession("s")
	cases := []struct{ method, path, want string }{
		{http.MethodGet, "participants/" + otherUUID, "participant " + otherUUID + " not found"},
		{http.MethodDelete, "participants/" + otherUUID, "participant " + otherUUID + " not found"},
		{http.MethodGet, "sessions/" + otherUUID, "session " + otherUUID + " not found"},
		{http.MethodDelete, "sessions/" + otherUUID, "session " + otherUUID + " not found"},
		{http.MethodGet, "sessions/" + otherUUID + "/participants", "session " + otherUUID + " not found"},
		{http.MethodPut, "sessions/" + otherUUID + "/participants/" + pid, "session " + otherUUID + " not found"},
		{http.MethodPut, "sessions/" + sid + "/participants/" + otherUUID, "participant " + otherUUID + " not found"},
		{http.MethodDelete, "sessions/" + otherUUID + "/participants/" + pid, "session " + otherUUID + " not found"},
		{http.MethodDelete, "sessions/" + sid + "/participants/" + otherUUID, "participant " + otherUUID + " not found"},
		{http.MethodGet, "sessions/" + otherUUID + "/participants/" + pid + "/subscriptions", "session " + otherUUID + " not found"},
		{http.MethodGet, "sessions/" + sid + "/participants/" + otherUUID + "/subscriptions", "participant " + otherUUID + " not found"},
		{http.MethodPut, "sessions/" + otherUUID + "/participants/" + pid + "/subscriptions", "session " + otherUUID + " not found"},
		{http.MethodPut, "sessions/" + sid + "/participants/" + otherUUID + "/subscriptions", "participant " + otherUUID + " not found"},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			expectRequestError(t, h.api(tc.method, tc.path, ""), http.StatusNotFound, tc.want)
		})
	}
}
