package webrtc

import (
	"context"
	"net/http"
	"reflect"
	"testing"
)

const (
	pid1 = "320e2af6-13ec-498d-8b51-daba52c37853"
	pid2 = "568749d5-04d5-483d-adf5-deac7dd3d521"
	sid1 = "75c21163-e110-41bc-bd76-1bb428ec85d5"
)

const participantJSON = `{"id":"` + pid1 + `","callbackUrl":"https://example.com/callback","publishPermissions":["VIDEO","AUDIO"],"sessions":["` + sid1 + `"],"subscriptions":{"sessionId":"` + sid1 + `"},"tag":"participant1","deviceApiVersion":"V3"}`

var participantValue = Participant{
	ID:                 pid1,
	CallbackURL:        ptr("https://example.com/callback"),
	PublishPermissions: []PublishPermission{PublishVideo, PublishAudio},
	Sessions:           []string{sid1},
	Subscriptions:      &Subscriptions{SessionID: sid1},
	Tag:                "participant1",
	DeviceAPIVersion:   DeviceAPIVersionV3,
}

// TestOperations checks every operation's method, path, request body (exact JSON names
// and nothing else), headers and decoded result.
func TestOperations(t *testing.T) {
	const accountPrefix = "/v1/accounts/" + testAccountID
	tests := []struct {
		name       string
		call       func(ctx context.Context, c *Client) (any, error)
		wantMethod string
		wantPath   string
		wantBody   string // "" means no body
		response   stubResponse
		want       any
	}{
		{
			name: "createParticipant with every field",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateParticipant(ctx, CreateParticipantRequest{
					CallbackURL:        ptr("https://example.com/callback"),
					PublishPermissions: []PublishPermission{PublishAudio, PublishVideo},
					Subscriptions:      &Subscriptions{SessionID: sid1},
					Tag:                "participant1",
					DeviceAPIVersion:   DeviceAPIVersionV3,
				})
			},
			wantMethod: http.MethodPost,
			wantPath:   accountPrefix + "/participants",
			wantBody:   `{"callbackUrl":"https://example.com/callback","publishPermissions":["AUDIO","VIDEO"],"subscriptions":{"sessionId":"` + sid1 + `"},"tag":"participant1","deviceApiVersion":"V3"}`,
			response:   stubResponse{Status: 200, Body: `{"participant":` + participantJSON + `,"token":"a.b.c"}`},
			want:       &CreateParticipantResponse{Participant: participantValue, Token: "a.b.c"},
		},
		{
			name: "createParticipant with no fields",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateParticipant(ctx, CreateParticipantRequest{})
			},
			wantMethod: http.MethodPost,
			wantPath:   accountPrefix + "/participants",
			wantBody:   `{}`,
			response:   stubResponse{Status: 200, Body: `{"participant":{"id":"` + pid1 + `","callbackUrl":null,"sessions":[],"subscriptions":{}},"token":"t"}`},
			want: &CreateParticipantResponse{
				Participant: Participant{ID: pid1, Sessions: []string{}, Subscriptions: &Subscriptions{}},
				Token:       "t",
			},
		},
		{
			name:       "getParticipant",
			call:       func(ctx context.Context, c *Client) (any, error) { return c.GetParticipant(ctx, pid1) },
			wantMethod: http.MethodGet,
			wantPath:   accountPrefix + "/participants/" + pid1,
			response:   stubResponse{Status: 200, Body: participantJSON},
			want:       &participantValue,
		},
		{
			name:       "deleteParticipant",
			call:       func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteParticipant(ctx, pid1) },
			wantMethod: http.MethodDelete,
			wantPath:   accountPrefix + "/participants/" + pid1,
			response:   stubResponse{Status: 204},
		},
		{
			name: "createSession",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateSession(ctx, Session{Tag: "session1"})
			},
			wantMethod: http.MethodPost,
			wantPath:   accountPrefix + "/sessions",
			wantBody:   `{"tag":"session1"}`,
			response:   stubResponse{Status: 200, Body: `{"id":"` + sid1 + `","tag":"session1"}`},
			want:       &Session{ID: sid1, Tag: "session1"},
		},
		{
			name:       "getSession",
			call:       func(ctx context.Context, c *Client) (any, error) { return c.GetSession(ctx, sid1) },
			wantMethod: http.MethodGet,
			wantPath:   accountPrefix + "/sessions/" + sid1,
			response:   stubResponse{Status: 200, Body: `{"id":"` + sid1 + `","tag":"session1"}`},
			want:       &Session{ID: sid1, Tag: "session1"},
		},
		{
			name:       "deleteSession",
			call:       func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteSession(ctx, sid1) },
			wantMethod: http.MethodDelete,
			wantPath:   accountPrefix + "/sessions/" + sid1,
			response:   stubResponse{Status: 204},
		},
		{
			name:       "listSessionParticipants",
			call:       func(ctx context.Context, c *Client) (any, error) { return c.ListSessionParticipants(ctx, sid1) },
			wantMethod: http.MethodGet,
			wantPath:   accountPrefix + "/sessions/" + sid1 + "/participants",
			response:   stubResponse{Status: 200, Body: `[` + participantJSON + `]`},
			want:       []Participant{participantValue},
		},
		{
			name: "addParticipantToSession with subscriptions",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.AddParticipantToSession(ctx, sid1, pid1, &Subscriptions{
					SessionID: sid1,
					Participants: []ParticipantSubscription{
						{ParticipantID: pid2, StreamAliases: []string{"microphone", "screenShare"}},
						{ParticipantID: pid1},
					},
				})
			},
			wantMethod: http.MethodPut,
			wantPath:   accountPrefix + "/sessions/" + sid1 + "/participants/" + pid1,
			wantBody:   `{"sessionId":"` + sid1 + `","participants":[{"participantId":"` + pid2 + `","streamAliases":["microphone","screenShare"]},{"participantId":"` + pid1 + `"}]}`,
			response:   stubResponse{Status: 204},
		},
		{
			name: "addParticipantToSession with nil subscriptions sends no body",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.AddParticipantToSession(ctx, sid1, pid1, nil)
			},
			wantMethod: http.MethodPut,
			wantPath:   accountPrefix + "/sessions/" + sid1 + "/participants/" + pid1,
			response:   stubResponse{Status: 204},
		},
		{
			name: "addParticipantToSession with empty subscriptions sends no body",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.AddParticipantToSession(ctx, sid1, pid1, &Subscriptions{Participants: []ParticipantSubscription{}})
			},
			wantMethod: http.MethodPut,
			wantPath:   accountPrefix + "/sessions/" + sid1 + "/participants/" + pid1,
			response:   stubResponse{Status: 204},
		},
		{
			name: "removeParticipantFromSession",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.RemoveParticipantFromSession(ctx, sid1, pid1)
			},
			wantMethod: http.MethodDelete,
			wantPath:   accountPrefix + "/sessions/" + sid1 + "/participants/" + pid1,
			response:   stubResponse{Status: 204},
		},
		{
			name: "getParticipantSubscriptions",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetParticipantSubscriptions(ctx, sid1, pid1)
			},
			wantMethod: http.MethodGet,
			wantPath:   accountPrefix + "/sessions/" + sid1 + "/participants/" + pid1 + "/subscriptions",
			response:   stubResponse{Status: 200, Body: `{"sessionId":"` + sid1 + `","participants":[{"participantId":"` + pid2 + `","streamAliases":["microphone"]}]}`},
			want: &Subscriptions{SessionID: sid1, Participants: []ParticipantSubscription{
				{ParticipantID: pid2, StreamAliases: []string{"microphone"}},
			}},
		},
		{
			name: "updateParticipantSubscriptions",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.UpdateParticipantSubscriptions(ctx, sid1, pid1, &Subscriptions{SessionID: sid1})
			},
			wantMethod: http.MethodPut,
			wantPath:   accountPrefix + "/sessions/" + sid1 + "/participants/" + pid1 + "/subscriptions",
			wantBody:   `{"sessionId":"` + sid1 + `"}`,
			response:   stubResponse{Status: 204},
		},
		{
			name: "updateParticipantSubscriptions with nil subscriptions sends no body",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.UpdateParticipantSubscriptions(ctx, sid1, pid1, nil)
			},
			wantMethod: http.MethodPut,
			wantPath:   accountPrefix + "/sessions/" + sid1 + "/participants/" + pid1 + "/subscriptions",
			response:   stubResponse{Status: 204},
		},
		{
			name: "updateParticipantSubscriptions with empty subscriptions sends no body",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.UpdateParticipantSubscriptions(ctx, sid1, pid1, &Subscriptions{})
			},
			wantMethod: http.MethodPut,
			wantPath:   accountPrefix + "/sessions/" + sid1 + "/participants/" + pid1 + "/subscriptions",
			response:   stubResponse{Status: 204},
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, stub := newStubClient(t, tt.response)
			got, err := tt.call(t.Context(), c)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("result:\n got %#v\nwant %#v", got, tt.want)
			}

			reqs := stub.recorded()
			if len(reqs) != 1 {
				t.Fatalf("server saw %d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != tt.wantMethod || r.Path != tt.wantPath {
				t.Errorf("request = %s %s, want %s %s", r.Method, r.Path, tt.wantMethod, tt.wantPath)
			}
			if r.Body != tt.wantBody {
				t.Errorf("body = %q, want %q", r.Body, tt.wantBody)
			}
			if r.Accept != "application/json" {
				t.Errorf("Accept = %q, want application/json", r.Accept)
			}
			wantContentType := ""
			if tt.wantBody != "" {
				wantContentType = "application/json"
			}
			if r.ContentType != wantContentType {
				t.Errorf("Content-Type = %q, want %q", r.ContentType, wantContentType)
			}
		})
	}
}
