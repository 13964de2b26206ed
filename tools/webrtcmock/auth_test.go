package webrtcmock

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestAuthentication(t *testing.T) {
	h := newHarness(t, Options{Username: "user", Password: "pa:ss"})
	bearer := h.accessToken("demo-client", "demo-secret")
	cases := []struct {
		name   string
		path   string
		opt    requestOption
		status int
	}{
		{"basic", accountPath("sessions"), withBasic("user", "pa:ss"), 200},
		{"bearer", accountPath("sessions"), withHeader("Authorization", "Bearer "+bearer), 200},
		{"bearer scheme in lower case", accountPath("sessions"), withHeader("Authorization", "bearer "+bearer), 200},
		{"no credentials", accountPath("sessions"), withoutAuth(), 401},
		{"wrong password", accountPath("sessions"), withBasic("user", "nope"), 401},
		{"wrong user", accountPath("sessions"), withBasic("demo", "pa:ss"), 401},
		{"unknown bearer", accountPath("sessions"), withHeader("Authorization", "Bearer nope"), 401},
		{"client credentials are not API credentials", accountPath("sessions"), withBasic("demo-client", "demo-secret"), 401},
		{"other account", "/v1/accounts/1234567/sessions", withBasic("user", "pa:ss"), 401},
		{"other account with bearer", "/v1/accounts/1234567/sessions", withHeader("Authorization", "Bearer "+bearer), 401},
		{"unsupported scheme", accountPath("sessions"), withHeader("Authorization", "Digest user"), 401},
		{"auth before id validation", accountPath("participants/not-a-uuid"), withoutAuth(), 401},
		{"auth before existence", accountPath("participants/" + otherUUID), withBasic("user", "nope"), 401},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			method := http.MethodPost
			if strings.Contains(tc.path, "participants/") {
				method = http.MethodGet
			}
			r := h.send(method, tc.path, "", tc.opt)
			expectStatus(t, r, tc.status)
			if tc.status == http.StatusUnauthorized {
				expectJSON(t, r, `{"message":"Unauthorized"}`)
			}
		})
	}
}

func TestBearerTokenExpiresOnTheMockClock(t *testing.T) {
	h := newHarness(t, Options{AccessTokenLifetime: 10 * time.Minute})
	token := h.accessToken("demo-client", "demo-secret")
	auth := withHeader("Authorization", "Bearer "+token)

	h.clock.Advance(10*time.Minute - time.Second)
	expectStatus(t, h.api(http.MethodPost, "sessions", "", auth), http.StatusOK)
	h.clock.Advance(time.Second)
	expectStatus(t, h.api(http.MethodPost, "sessions", "", auth), http.StatusUnauthorized)

	fresh := h.accessToken("demo-client", "demo-secret")
	expectStatus(t, h.api(http.MethodPost, "sessions", "", withHeader("Authorization", "Bearer "+fresh)), http.StatusOK)
}

func (h *harness) accessToken(id, secret string) string {
	h.t.Helper()
	r := h.send(http.MethodPost, TokenPath, "grant_type=client_credentials",
		withBasic(id, secret), withHeader("Content-Type", "application/x-www-form-urlencoded"))
	expectStatus(h.t, r, http.StatusOK)
	return decode[oauthTokenResponse](h.t, r.body).AccessToken
}

func TestOAuth2TokenEndpoint(t *testing.T) {
	const form = "application/x-www-form-urlencoded"
	grant := url.Values{"grant_type": {"client_credentials"}}.Encode()
	formCredentials := url.Values{"grant_type": {"client_credentials"}, "client_id": {"demo-client"}, "client_secret": {"demo-secret"}}.Encode()
	cases := []struct {
		name        string
		body        string
		opts        []requestOption
		status      int
		errorCode   string
		wwwAuthType bool
	}{
		{"basic client auth", grant, []requestOption{withBasic("demo-client", "demo-secret"), withHeader("Content-Type", form)}, 200, "", false},
		{"form client auth", formCredentials, []requestOption{withoutAuth(), withHeader("Content-Type", form)}, 200, "", false},
		{"wrong secret", grant, []requestOption{withBasic("demo-client", "nope"), withHeader("Content-Type", form)}, 401, "invalid_client", true},
		{"API user is not a client", grant, []requestOption{withBasic("demo", "demo"), withHeader("Content-Type", form)}, 401, "invalid_client", true},
		{"no client auth", grant, []requestOption{withoutAuth(), withHeader("Content-Type", form)}, 401, "invalid_client", false},
		{"wrong grant", "grant_type=password", []requestOption{withBasic("demo-client", "demo-secret"), withHeader("Content-Type", form)}, 400, "unsupported_grant_type", false},
		{"no grant", "", []requestOption{withBasic("demo-client", "demo-secret"), withHeader("Content-Type", form)}, 400, "invalid_request", false},
		{"JSON is not a form", `{"grant_type":"client_credentials"}`, []requestOption{withBasic("demo-client", "demo-secret")}, 400, "invalid_request", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{AccessTokenLifetime: 90 * time.Minute})
			r := h.send(http.MethodPost, TokenPath, tc.body, tc.opts...)
			expectStatus(t, r, tc.status)
			if tc.status != http.StatusOK {
				expectJSON(t, r, `{"error":"`+tc.errorCode+`"}`)
				mustEqual(t, "WWW-Authenticate present", r.header.Get("WWW-Authenticate") != "", tc.wwwAuthType)
				mustEqual(t, "AccessTokensIssued", h.m.Stats().AccessTokensIssued, 0)
				return
			}
			got := decode[oauthTokenResponse](t, r.body)
			if len(got.AccessToken) < 32 {
				t.Fatalf("access_token %q too short to be random", got.AccessToken)
			}
			mustEqual(t, "token_type", got.TokenType, "Bearer")
			mustEqual(t, "expires_in", got.ExpiresIn, int64(5400))
			mustEqual(t, "Cache-Control", r.header.Get("Cache-Control"), "no-store")
			mustEqual(t, "AccessTokensIssued", h.m.Stats().AccessTokensIssued, 1)
			mustEqual(t, "requests", h.m.Stats().Requests, map[string]map[int]int{OpOAuth2Token: {200: 1}})
		})
	}
}

func TestAccessTokensAreDistinct(t *testing.T) {
	h := newHarness(t, Options{})
	a, b := h.accessToken("demo-client", "demo-secret"), h.accessToken("demo-client", "demo-secret")
	if a == b {
		t.Fatalf("two grants returned the same token %q", a)
	}
	mustEqual(t, "AccessTokensIssued", h.m.Stats().AccessTokensIssued, 2)
	h.m.Reset()
	mustEqual(t, "IssuedAccessTokens", h.m.IssuedAccessTokens(), []string{a, b})
}
