package webrtcmock

import (
	"net/http"
	"testing"
)

// TestBodyFault: a Body fault answers the given body, with the given status or 200, so a test can
// hand a client a success answer without the id or token the operation must return.
func TestBodyFault(t *testing.T) {
	cases := []struct {
		name    string
		fault   Fault
		status  int
		created int
	}{
		{"success without an id, before handling", Fault{Body: `{"participant":{"tag":"t"},"token":""}`}, 200, 0},
		{"success without an id, after handling", Fault{Body: `{"participant":{"tag":"t"},"token":""}`, AfterHandling: true}, 200, 1},
		{"a proxy's error page", Fault{Status: 502, Body: `{"participant":{}}`}, 502, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			h.m.Inject(OpCreateParticipant, tc.fault)
			r := h.api(http.MethodPost, "participants", `{"tag":"t"}`)
			expectStatus(t, r, tc.status)
			if string(r.body) != tc.fault.Body {
				t.Errorf("answered a body of %d bytes, not the fault's", len(r.body)) // a real answer holds a token
			}
			mustEqual(t, "Content-Type", r.header.Get("Content-Type"), "application/json")
			mustEqual(t, "participants created", h.m.Stats().ParticipantsCreated, tc.created)
			mustEqual(t, "requests", h.m.Stats().Requests, map[string]map[int]int{OpCreateParticipant: {tc.status: 1}})

			r = h.api(http.MethodPost, "participants", `{"tag":"t"}`) // used up
			expectStatus(t, r, http.StatusOK)
			if got := decode[createParticipantResponse](t, r.body); got.Participant.ID == "" || got.Token == "" {
				t.Errorf("the next create answered without id or token: %+v", got.Participant)
			}
		})
	}
}

func TestParseBodyFault(t *testing.T) {
	op, f, err := ParseFault(`createSession=body={"tag":"no-id"};after`)
	if err != nil {
		t.Fatal(err)
	}
	mustEqual(t, "operation", op, OpCreateSession)
	mustEqual(t, "fault", f, Fault{Body: `{"tag":"no-id"}`, AfterHandling: true})
	if _, _, err := ParseFault("createSession=body="); err == nil {
		t.Error("an empty body was accepted")
	}
}
