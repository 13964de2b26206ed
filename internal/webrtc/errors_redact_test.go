package webrtc

import (
	"strings"
	"testing"
)

// Fake credentials, shaped like real ones.
const (
	fakeOpaqueBearer = "opaque-access-token-7Hq2Zk"
	fakeBasic        = "ZGVtby11c2VyOmRlbW8tcGFzc3dvcmQ=" // demo-user:demo-password
)

// TestErrorBodiesAreRedacted: an error page from a proxy, or an API message, may echo the
// request's credentials; they are masked (by package secrets, whose tests hold every form) before
// the text becomes the Error's message, and ordinary text reads as sent.
func TestErrorBodiesAreRedacted(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		secrets []string
		keep    string // text around the secrets that must survive
	}{
		{
			name:    "HTML page echoing request headers",
			body:    "<html><body><h1>502 Bad Gateway</h1><pre>Authorization: Basic " + fakeBasic + "\nAccept: application/json</pre></body></html>",
			secrets: []string{fakeBasic},
			keep:    "502 Bad Gateway",
		},
		{
			name:    "gateway message shape echoing a token",
			body:    `{"message":"Invalid key=value pair in Authorization header: Bearer ` + fakeOpaqueBearer + `"}`,
			secrets: []string{fakeOpaqueBearer},
			keep:    "Invalid key=value pair",
		},
		{
			name:    "secret past the truncation limit",
			body:    strings.Repeat("x", maxErrorTextLength-20) + " Bearer " + fakeOpaqueBearer,
			secrets: []string{fakeOpaqueBearer[:6]},
			keep:    "xxxxx",
		},
		{
			name: "prose about credentials",
			body: `{"message":"Basic authentication failed for this account"}`,
			keep: "Basic authentication failed for this account",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := newStubClient(t, stubResponse{Status: 502, Body: tt.body, Header: map[string]string{"Content-Type": "text/html"}})
			_, err := c.GetParticipant(t.Context(), pid1)
			if err == nil {
				t.Fatal("want an error, got none")
			}
			msg := err.Error()
			for i, secret := range tt.secrets {
				if strings.Contains(msg, secret) {
					t.Errorf("secret #%d is in the error: %s", i, maskAll(msg, tt.secrets))
				}
			}
			if !strings.Contains(msg, tt.keep) {
				t.Errorf("error lost the text around the secrets (%q): %s", tt.keep, maskAll(msg, tt.secrets))
			}
		})
	}
}

func maskAll(s string, secrets []string) string {
	for _, secret := range secrets {
		s = strings.ReplaceAll(s, secret, "<SECRET>")
	}
	return s
}
