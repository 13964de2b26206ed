package webrtc

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestCreatesAnsweredWithoutIDOrToken: a 2xx create answer that lacks the new object's id (or a
// participant's token) is an error saying so, never an object with an empty id.
func TestCreatesAnsweredWithoutIDOrToken(t *testing.T) {
	const token = "eyJhbGciOiJIUzI1NiJ9.eyJwIjoicDEifQ.c2VjcmV0LXNpZ25hdHVyZQ"
	createParticipant := func(c *Client) (any, error) {
		return c.CreateParticipant(t.Context(), CreateParticipantRequest{Tag: "t"})
	}
	createSession := func(c *Client) (any, error) { return c.CreateSession(t.Context(), Session{Tag: "t"}) }
	tests := []struct {
		name        string
		create      func(c *Client) (any, error)
		response    stubResponse
		wantID      string
		wantMissing []string
	}{
		{"participant without id", createParticipant, stubResponse{Status: 200, Body: `{"participant":{"tag":"t"},"token":"` + token + `"}`}, "", []string{"participant id"}},
		{"participant with an empty id", createParticipant, stubResponse{Status: 200, Body: `{"participant":{"id":""},"token":"` + token + `"}`}, "", []string{"participant id"}},
		{"participant without token", createParticipant, stubResponse{Status: 200, Body: `{"participant":{"id":"` + pid1 + `"}}`}, pid1, []string{"token"}},
		{"participant with an empty token", createParticipant, stubResponse{Status: 200, Body: `{"participant":{"id":"` + pid1 + `"},"token":""}`}, pid1, []string{"token"}},
		{"participant answer empty object", createParticipant, stubResponse{Status: 200, Body: `{}`}, "", []string{"participant id", "token"}},
		{"participant answer without body", createParticipant, stubResponse{Status: 204}, "", []string{"participant id", "token"}},
		{"session without id", createSession, stubResponse{Status: 200, Body: `{"tag":"t"}`}, "", []string{"session id"}},
		{"session answer without body", createSession, stubResponse{Status: 200}, "", []string{"session id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := newStubClient(t, tt.response)
			got, err := tt.create(c)
			if !IsIncompleteAnswer(fmt.Errorf("wrapped: %w", err)) {
				t.Fatalf("create returned error %v; want an incomplete-answer error", err) // got holds the token
			}
			if v := reflect.ValueOf(got); !v.IsNil() {
				t.Errorf("got a %T result besides the error", got)
			}
			var incomplete *IncompleteAnswerError
			errors.As(err, &incomplete)
			if incomplete.ID != tt.wantID || !reflect.DeepEqual(incomplete.Missing, tt.wantMissing) {
				t.Errorf("error carries id %q, missing %q; want %q, %q", incomplete.ID, incomplete.Missing, tt.wantID, tt.wantMissing)
			}
			msg := err.Error()
			if !strings.Contains(msg, "answered success but without the "+strings.Join(tt.wantMissing, " and ")) {
				t.Errorf("error %q does not say what the answer lacked", msg)
			}
			if strings.Contains(msg, "c2VjcmV0") {
				t.Error("error quotes the token")
			}
			if StatusCode(err) != 0 {
				t.Errorf("an incomplete 2xx is not an API error status, got %d", StatusCode(err))
			}
		})
	}
}
