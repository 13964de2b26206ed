package webrtc

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestListSessionParticipantsEmptyResults(t *testing.T) {
	for _, resp := range []stubResponse{
		{Status: 204},
		{Status: 200},
		{Status: 200, Body: " \n"},
		{Status: 200, Body: "null"},
		{Status: 200, Body: "[]"},
	} {
		c, _ := newStubClient(t, resp)
		got, err := c.ListSessionParticipants(t.Context(), sid1)
		if err != nil {
			t.Fatalf("%d %q: unexpected error: %v", resp.Status, resp.Body, err)
		}
		if got == nil || len(got) != 0 {
			t.Errorf("%d %q: got %#v, want a non-nil empty slice", resp.Status, resp.Body, got)
		}
	}
}

func TestGetParticipantSubscriptionsEmptyResults(t *testing.T) {
	for _, resp := range []stubResponse{{Status: 204}, {Status: 200}, {Status: 200, Body: "{}"}} {
		c, _ := newStubClient(t, resp)
		got, err := c.GetParticipantSubscriptions(t.Context(), sid1, pid1)
		if err != nil {
			t.Fatalf("%d %q: unexpected error: %v", resp.Status, resp.Body, err)
		}
		if got == nil || !got.IsEmpty() {
			t.Errorf("%d %q: got %#v, want empty subscriptions", resp.Status, resp.Body, got)
		}
	}
}

func TestEmptySuccessBodyIsEmptyResult(t *testing.T) {
	c, _ := newStubClient(t, stubResponse{Status: 200})

	participant, err := c.GetParticipant(t.Context(), pid1)
	if err != nil || participant == nil || !reflect.DeepEqual(*participant, Participant{}) {
		t.Errorf("GetParticipant = %#v, %v; want empty participant, nil", participant, err)
	}
	if err := c.DeleteSession(t.Context(), sid1); err != nil {
		t.Errorf("DeleteSession: %v", err)
	}
}

func TestUnknownResponseFieldsAreIgnored(t *testing.T) {
	c, _ := newStubClient(t, stubResponse{Status: 200, Body: `{"id":"` + sid1 + `","tag":"s","participantIds":[],"nested":{"a":[1,2]},"future":true}`})
	got, err := c.GetSession(t.Context(), sid1)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if *got != (Session{ID: sid1, Tag: "s"}) {
		t.Errorf("got %#v", got)
	}
}

func TestCallbackURL(t *testing.T) {
	tests := []struct {
		body string
		want *string
	}{
		{`{"id":"x","callbackUrl":null}`, nil},
		{`{"id":"x"}`, nil},
		{`{"id":"x","callbackUrl":"https://example.com/cb"}`, ptr("https://example.com/cb")},
	}
	for _, tt := range tests {
		c, _ := newStubClient(t, stubResponse{Status: 200, Body: tt.body})
		got, err := c.GetParticipant(t.Context(), "x")
		if err != nil {
			t.Fatalf("%s: unexpected error: %v", tt.body, err)
		}
		if !reflect.DeepEqual(got.CallbackURL, tt.want) {
			t.Errorf("%s: CallbackURL = %v, want %v", tt.body, got.CallbackURL, tt.want)
		}
	}
}

func TestMalformedSuccessBody(t *testing.T) {
	const secret = "eyJsecret-token"
	tests := []struct {
		name string
		body string
	}{
		{"not JSON", `<html>oops</html>`},
		{"truncated", `{"token":"` + secret + `","participant":{`},
		{"wrong field type", `{"token":"` + secret + `","participant":{"id":5}}`},
		{"wrong top-level type", `["` + secret + `"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := newStubClient(t, stubResponse{Status: 200, Body: tt.body})
			got, err := c.CreateParticipant(t.Context(), CreateParticipantRequest{})
			if err == nil {
				t.Fatalf("got %#v, want an error", got)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "createParticipant: ") || !strings.Contains(msg, "malformed response") {
				t.Errorf("error %q should name the operation and say the response was malformed", msg)
			}
			if strings.Contains(msg, "secret") {
				t.Errorf("error %q leaks the response body", msg)
			}
			var apiErr *Error
			if errors.As(err, &apiErr) {
				t.Errorf("a malformed 2xx is not an API error, got %#v", apiErr)
			}
		})
	}
}
