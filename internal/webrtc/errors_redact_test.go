package webrtc

import (
	"strings"
	"testing"
)

// Fake credentials, shaped like real ones.
const (
	fakeJWT          = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhIjoiOTkwMDAwMCIsInAiOiJwMSJ9.c2lnbmF0dXJlLW9mLXRoZS1mYWtlLXRva2Vu"
	fakeOpaqueBearer = "opaque-access-token-7Hq2Zk"
	fakeBasic        = "ZGVtby11c2VyOmRlbW8tcGFzc3dvcmQ=" // demo-user:demo-password
	fakeSecret       = "client-secret-Xy81Lm"
	fakePassword     = "hunter2-Pw61"
	fakeAccessToken  = "access-token-Rt55Nb"
)

// TestNonJSONErrorBodiesAreRedacted: an error page from a proxy may echo the request's
// credentials; they are masked before the text becomes the Error's message.
func TestNonJSONErrorBodiesAreRedacted(t *testing.T) {
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
			name:    "authorization header line with a bearer token",
			body:    "upstream refused request\nauthorization: Bearer " + fakeOpaqueBearer + "\nvia: proxy-1",
			secrets: []string{fakeOpaqueBearer},
			keep:    "upstream refused request",
		},
		{
			name:    "bearer token in prose",
			body:    "token Bearer " + fakeOpaqueBearer + " is not valid here",
			secrets: []string{fakeOpaqueBearer},
			keep:    "is not valid here",
		},
		{
			name:    "basic credentials in prose",
			body:    "rejected Basic " + fakeBasic + " for this route",
			secrets: []string{fakeBasic},
			keep:    "for this route",
		},
		{
			name:    "bare JWT",
			body:    "participant token " + fakeJWT + " expired",
			secrets: []string{fakeJWT, "c2lnbmF0dXJl"},
			keep:    "expired",
		},
		{
			name:    "form-encoded credentials",
			body:    "bad request: grant_type=client_credentials&client_secret=" + fakeSecret + "&password=" + fakePassword + "&access_token=" + fakeAccessToken,
			secrets: []string{fakeSecret, fakePassword, fakeAccessToken},
			keep:    "grant_type=client_credentials",
		},
		{
			name:    "JSON fragment cut short",
			body:    `proxy saw {"access_token":"` + fakeAccessToken + `","clientSecret":"` + fakeSecret + `","expires_in":3600`,
			secrets: []string{fakeAccessToken, fakeSecret},
			keep:    `"expires_in":3600`,
		},
		{
			name:    "JSON of no known error shape",
			body:    `{"detail":"denied","password":"` + fakePassword + `"}`,
			secrets: []string{fakePassword},
			keep:    `"detail":"denied"`,
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

// TestRedactionLeavesOrdinaryTextAlone: error text with no credentials in it reads as sent.
func TestRedactionLeavesOrdinaryTextAlone(t *testing.T) {
	for _, text := range []string{
		"Missing Authentication Token",
		"Basic authentication failed for this account",
		"bearer tokens are not accepted",
		"upstream api.webrtc.bandwidth.com timed out after 30.0 s (version 1.2.3)",
		"tag must be at most 50 characters",
	} {
		if got := RedactSecrets(text); got != text {
			t.Errorf("RedactSecrets(%q) = %q", text, got)
		}
	}
}

func maskAll(s string, secrets []string) string {
	for _, secret := range secrets {
		s = strings.ReplaceAll(s, secret, "<SECRET>")
	}
	return s
}
