package vcr

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

const (
	testAccount      = "5551234"
	testClientID     = "client-id-Abc123"
	testClientSecret = "client-secret-Xyz789"
	testAccessToken  = "live-access-token-0123456789"
	testParticipant  = "2a658efc-a1ce-4525-b22d-ec5d5b03322e"
)

// liveToken is shaped like Bandwidth's participant tokens, signed with a key nobody keeps.
func liveToken(t *testing.T) string {
	t.Helper()
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"a": testAccount, "p": testParticipant, "v": "v3", "tid": "8e7f0c55-5a3c-4c40-9d55-5f1a1b2c3d4e",
		"iss": "bandwidth", "iat": time.Now().Unix(), "exp": time.Now().Add(9 * time.Hour).Unix(), "email": "someone@example.com",
	}).SignedString([]byte("a signing key that must not matter"))
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func tokenInteraction() *cassette.Interaction {
	basic := base64.StdEncoding.EncodeToString([]byte(testClientID + ":" + testClientSecret))
	return &cassette.Interaction{
		Request: cassette.Request{
			Method:  http.MethodPost,
			URL:     "https://api.bandwidth.com/api/v1/oauth2/token",
			Host:    "api.bandwidth.com",
			Body:    "client_id=" + testClientID + "&client_secret=" + testClientSecret + "&grant_type=client_credentials",
			Form:    url.Values{"grant_type": {"client_credentials"}, "client_id": {testClientID}, "client_secret": {testClientSecret}},
			Headers: http.Header{"Authorization": {"Basic " + basic}, "Content-Type": {"application/x-www-form-urlencoded"}, "User-Agent": {"tpb/test"}},
		},
		Response: cassette.Response{
			Code:    200,
			Body:    `{"access_token":"` + testAccessToken + `","token_type":"Bearer","expires_in":3600}`,
			Headers: http.Header{"Content-Type": {"application/json"}, "Set-Cookie": {"session=abc"}},
		},
	}
}

func createInteraction(token string) *cassette.Interaction {
	return &cassette.Interaction{
		Request: cassette.Request{
			Method:  http.MethodPost,
			URL:     "https://api.webrtc.bandwidth.com/v1/accounts/" + testAccount + "/participants",
			Body:    `{"tag":"alice","publishPermissions":["AUDIO","VIDEO"]}`,
			Headers: http.Header{"Authorization": {"Bearer " + testAccessToken}, "Content-Type": {"application/json"}},
		},
		Response: cassette.Response{
			Code: 200,
			Body: `{"participant":{"id":"` + testParticipant + `","tag":"alice","publishPermissions":["AUDIO","VIDEO"]},"token":"` + token + `",` +
				`"note":"account ` + testAccount + ` at /accounts/` + testAccount + `/participants"}`,
			Headers: http.Header{
				"Content-Type":     {"application/json"},
				"X-Amzn-Requestid": {"req-1"},
				"Location":         {"/v1/accounts/" + testAccount + "/participants/" + testParticipant},
				"Www-Authenticate": {"Bearer"},
			},
		},
	}
}

func TestScrubberRemovesEverySecret(t *testing.T) {
	token := liveToken(t)
	s := &Scrubber{AccountID: testAccount, Secrets: CredentialSecrets("", "", testClientID, testClientSecret)}
	tokenReq, create := tokenInteraction(), createInteraction(token)
	for _, i := range []*cassette.Interaction{tokenReq, create} {
		if err := s.Interaction(i); err != nil {
			t.Fatal(err)
		}
	}

	if got := tokenReq.Request.Body; got != "grant_type=client_credentials" {
		t.Errorf("token request body = %q, want only grant_type", got)
	}
	if len(tokenReq.Request.Form) != 1 || tokenReq.Request.Form.Get("grant_type") != "client_credentials" {
		t.Errorf("token request form = %v", tokenReq.Request.Form)
	}
	if h := tokenReq.Request.Headers; h.Get("Authorization") != "" || h.Get("User-Agent") != "" || h.Get("Content-Type") == "" {
		t.Errorf("token request headers = %v, want Content-Type only", h)
	}
	if !strings.Contains(tokenReq.Response.Body, `"access_token":"`+PlaceholderAccessToken+`"`) {
		t.Errorf("token response = %s", tokenReq.Response.Body)
	}
	if tokenReq.Response.Headers.Get("Set-Cookie") != "" {
		t.Errorf("Set-Cookie kept")
	}

	if want := "https://api.webrtc.bandwidth.com/v1/accounts/9900000/participants"; create.Request.URL != want {
		t.Errorf("URL = %q, want %q", create.Request.URL, want)
	}
	if got := create.Response.Headers.Get("Location"); got != "/v1/accounts/9900000/participants/"+testParticipant {
		t.Errorf("Location = %q", got)
	}
	if create.Response.Headers.Get("X-Amzn-Requestid") != "req-1" || create.Response.Headers.Get("Www-Authenticate") != "" {
		t.Errorf("response headers = %v, want the request id kept and nothing unlisted", create.Response.Headers)
	}
	if strings.Contains(create.Response.Body, testAccount) || !strings.Contains(create.Response.Body, "account 9900000 at /accounts/9900000/") {
		t.Errorf("account id not replaced in %s", create.Response.Body)
	}
	if create.Response.ContentLength != int64(len(create.Response.Body)) {
		t.Errorf("content length %d for a %d byte body", create.Response.ContentLength, len(create.Response.Body))
	}

	var body struct{ Token string }
	if v, ok := decodeJSON(create.Response.Body); !ok {
		t.Fatalf("response body no longer JSON: %s", create.Response.Body)
	} else {
		body.Token = v.(map[string]any)["token"].(string)
	}
	if !isPlaceholderJWT(body.Token) {
		t.Fatalf("token %q is not a placeholder", body.Token)
	}
	claims, ok := decodeSegment(strings.Split(body.Token, ".")[1])
	if !ok {
		t.Fatal("placeholder claims do not decode")
	}
	for _, name := range []string{"a", "p", "v", "tid", "iss", "iat", "exp", "email"} {
		if _, ok := claims[name]; !ok {
			t.Errorf("claim %q lost", name)
		}
	}
	if claims["email"] != scrubbedValue || claims["a"] != PlaceholderAccountID || claims["tid"] != PlaceholderTokenID {
		t.Errorf("claims = %v", claims)
	}
	parsed, err := webrtc.ParseTokenClaims(body.Token)
	if err != nil {
		t.Fatalf("the provider cannot parse the placeholder: %v", err)
	}
	if !parsed.ExpiresAt.Equal(PlaceholderExpiry) || parsed.ParticipantID != testParticipant || parsed.DeviceAPIVersion != "v3" {
		t.Errorf("placeholder claims as the provider reads them: %+v", parsed)
	}

	// Scrubbing is stable: a second pass changes nothing, so re-recording churns only real changes.
	again := *create
	if err := s.Interaction(&again); err != nil || again.Response.Body != create.Response.Body {
		t.Errorf("second pass changed the body or failed: %v", err)
	}

	for _, secret := range []string{token, testAccessToken} {
		if !containsString(s.Known(), secret) {
			t.Errorf("scrubber did not remember a replaced token")
		}
	}
}

func TestScrubberRefusesSurvivingSecret(t *testing.T) {
	s := &Scrubber{AccountID: testAccount, Secrets: []string{"hunter2-password"}}
	i := createInteraction(liveToken(t))
	i.Request.Body = `{"tag":"hunter2-password"}`
	err := s.Interaction(i)
	if err == nil || !strings.Contains(err.Error(), "refusing to save") || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("want a refusal that does not quote the secret, got %v", err)
	}
}

func TestCredentialSecrets(t *testing.T) {
	got := CredentialSecrets("user", "pass", "", "")
	want := []string{"user", "pass", base64.StdEncoding.EncodeToString([]byte("user:pass"))}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestReplaceWord(t *testing.T) {
	for in, want := range map[string]string{
		"/accounts/123/x":         "/accounts/X/x",
		"123":                     "X",
		"a123":                    "a123",
		"1234 123 0123 123-":      "1234 X 0123 X-",
		"9f1230ab-1234-123a-0123": "9f1230ab-1234-123a-0123",
	} {
		if got := replaceWord(in, "123", "X"); got != want {
			t.Errorf("replaceWord(%q) = %q, want %q", in, got, want)
		}
	}
}
