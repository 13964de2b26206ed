package webrtcmock

import (
	"net/http"
	"testing"
)

func TestStatsCountRequestsByOperationAndStatus(t *testing.T) {
	h := newHarness(t, Options{})
	mustEqual(t, "fresh TotalRequests", h.m.TotalRequests(), 0)

	sid := h.newSession("s")
	pid := h.newParticipant()
	h.newParticipant()
	expectStatus(t, h.addToSession(sid, pid, ""), 204)
	expectStatus(t, h.api(http.MethodGet, "participants/"+otherUUID, ""), 404)
	expectStatus(t, h.api(http.MethodGet, "participants/bad", ""), 400)
	expectStatus(t, h.api(http.MethodGet, "participants/"+pid, "", withoutAuth()), 401)
	expectStatus(t, h.api(http.MethodGet, "nowhere", ""), 403)
	expectStatus(t, h.send(http.MethodGet, StatsPath, ""), 200) // not counted

	stats := h.m.Stats()
	mustEqual(t, "requests", stats.Requests, map[string]map[int]int{
		OpCreateSession:           {200: 1},
		OpCreateParticipant:       {200: 2},
		OpAddParticipantToSession: {204: 1},
		OpGetParticipant:          {404: 1, 400: 1, 401: 1},
		OpUnknown:                 {403: 1},
	})
	mustEqual(t, "TotalRequests", h.m.TotalRequests(), 8)
	mustEqual(t, "LiveParticipants", stats.LiveParticipants, 2)
	mustEqual(t, "LiveSessions", stats.LiveSessions, 1)
	mustEqual(t, "ParticipantsCreated", stats.ParticipantsCreated, 2)

	stats.Requests[OpCreateSession][200] = 99
	mustEqual(t, "Stats is a copy", h.m.Stats().Requests[OpCreateSession][200], 1)
}

func TestStatsEndpoint(t *testing.T) {
	h := newHarness(t, Options{})
	h.newParticipant()
	r := h.send(http.MethodGet, StatsPath, "", withoutAuth())
	expectStatus(t, r, http.StatusOK)
	expectJSON(t, r, `{
		"liveParticipants": 1, "liveSessions": 0,
		"requests": {"createParticipant": {"200": 1}},
		"connectionsAccepted": 0, "participantsCreated": 1, "accessTokensIssued": 0
	}`)
	mustEqual(t, "TotalRequests", h.m.TotalRequests(), 1)
}

func TestResetDropsEverything(t *testing.T) {
	h := newHarness(t, Options{})
	sid := h.newSession("s")
	pid := h.newParticipant()
	expectStatus(t, h.addToSession(sid, pid, ""), 204)
	token := h.accessToken("demo-client", "demo-secret")
	h.m.Inject(OpGetSession, Fault{Status: 500, Times: -1})

	h.m.Reset()

	mustEqual(t, "stats", h.m.Stats(), Stats{Requests: map[string]map[int]int{}})
	mustEqual(t, "TotalRequests", h.m.TotalRequests(), 0)
	mustEqual(t, "ids", len(h.m.ParticipantIDs())+len(h.m.SessionIDs()), 0)
	expectRequestError(t, h.api(http.MethodGet, "sessions/"+sid, ""), http.StatusNotFound, "not found") // fault gone
	// Access tokens are credentials, not API objects: they survive.
	expectStatus(t, h.api(http.MethodPost, "sessions", "", withHeader("Authorization", "Bearer "+token)), http.StatusOK)
}
