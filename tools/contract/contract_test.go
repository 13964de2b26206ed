package contract_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/contract"
	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

const (
	account = "9900000"
	base    = "/v1/accounts/" + account
	pid     = "320e2af6-13ec-498d-8b51-daba52c37853"
	sid     = "75c21163-e110-41bc-bd76-1bb428ec85d5"
	// secretPassword and the JWT below must never appear in a violation.
	secretPassword = "pw-Zq81-never-printed"
	fakeJWT        = "eyJhbGciOiJIUzI1NiJ9.eyJwIjoiMzIwZTJhZjYifQ.c2lnbmF0dXJlLW5ldmVyLXByaW50ZWQ"
)

// fixture is a Checker in front of a handler on loopback.
type fixture struct {
	t     *testing.T
	check *contract.Checker
	url   string
}

func newFixture(t *testing.T, next http.Handler) *fixture {
	t.Helper()
	check, err := contract.New()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(check.Wrap(next))
	t.Cleanup(srv.Close)
	return &fixture{t: t, check: check, url: srv.URL}
}

func newMockFixture(t *testing.T) (*fixture, *webrtcmock.Mock) {
	m := webrtcmock.New(webrtcmock.Options{Password: secretPassword})
	return newFixture(t, m), m
}

// do sends one request with Basic credentials unless auth is given, and returns status and body.
func (f *fixture) do(method, path, contentType, body string, auth ...string) (int, string) {
	f.t.Helper()
	req, err := http.NewRequestWithContext(f.t.Context(), method, f.url+path, strings.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	if body == "" {
		req.Body = http.NoBody
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if len(auth) > 0 {
		req.Header.Set("Authorization", auth[0])
	} else {
		req.SetBasicAuth("demo", secretPassword)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (f *fixture) expectClean() {
	f.t.Helper()
	if err := f.check.Err(); err != nil {
		f.t.Errorf("clean traffic was reported:\n%v", err)
	}
}

// expectViolation asserts exactly one violation, for method and path, whose problem says want.
func (f *fixture) expectViolation(method, path, want string) {
	f.t.Helper()
	vs := f.check.Violations()
	if len(vs) != 1 {
		f.t.Fatalf("got %d violations, want 1: %v", len(vs), vs)
	}
	v := vs[0]
	f.t.Log(v)
	if v.Method != method || v.Path != path || !strings.Contains(v.Problem, want) {
		f.t.Errorf("got %q, want %s %s with a problem saying %q", v.String(), method, path, want)
	}
	err := f.check.Err()
	if err == nil || !strings.Contains(err.Error(), v.String()) {
		f.t.Errorf("Err() = %v, want it to list %q", err, v.String())
	}
	for _, secret := range []string{secretPassword, fakeJWT, "ZGVtbz"} { // ZGVtbz: base64 of "demo"
		if strings.Contains(err.Error(), secret) {
			f.t.Errorf("a secret reached the violation: %v", err)
		}
	}
}

func decodeID(t *testing.T, body, field string) string {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("decoding %s: %v", body, err)
	}
	if field == "participant" {
		doc = doc["participant"].(map[string]any)
	}
	id, _ := doc["id"].(string)
	return id
}

// Every operation of the spec, answered by the mock with success, 204 alternatives, documented
// errors, a Bearer token and the OAuth2 and stats routes, records nothing.
func TestCleanTrafficRecordsNothing(t *testing.T) {
	f, m := newMockFixture(t)
	const js = "application/json"
	call := func(want int, method, path, contentType, body string, auth ...string) string {
		t.Helper()
		status, answer := f.do(method, path, contentType, body, auth...)
		if status != want {
			t.Fatalf("%s %s: status %d (%s), want %d", method, path, status, answer, want)
		}
		return answer
	}

	p := decodeID(t, call(200, "POST", base+"/participants", js,
		`{"callbackUrl":"https://example.com/cb","publishPermissions":["AUDIO","VIDEO"],"tag":"alice","deviceApiVersion":"V3","subscriptions":{"sessionId":"`+sid+`"}}`), "participant")
	p2 := decodeID(t, call(200, "POST", base+"/participants", "", ""), "participant")
	s := decodeID(t, call(200, "POST", base+"/sessions", js, `{"tag":"room"}`), "id")
	call(204, "GET", base+"/sessions/"+s+"/participants", "", "")
	call(200, "GET", base+"/participants/"+p, "", "")
	call(200, "GET", base+"/sessions/"+s, "", "")
	call(204, "PUT", base+"/sessions/"+s+"/participants/"+p2, "", "")
	call(204, "PUT", base+"/sessions/"+s+"/participants/"+p, js, `{"sessionId":"`+s+`","participants":[{"participantId":"`+p2+`","streamAliases":["mic"]}]}`)
	call(200, "GET", base+"/sessions/"+s+"/participants", "", "")
	call(200, "GET", base+"/sessions/"+s+"/participants/"+p+"/subscriptions", "", "")
	call(204, "GET", base+"/sessions/"+s+"/participants/"+p2+"/subscriptions", "", "")
	call(204, "PUT", base+"/sessions/"+s+"/participants/"+p+"/subscriptions", js, `{"sessionId":"`+s+`"}`)
	call(204, "PUT", base+"/sessions/"+s+"/participants/"+p+"/subscriptions", "", "")
	call(204, "DELETE", base+"/sessions/"+s+"/participants/"+p, "", "")
	call(204, "DELETE", base+"/participants/"+p, "", "")
	call(404, "GET", base+"/participants/"+p, "", "")
	call(400, "GET", base+"/participants/not-a-uuid", "", "")
	call(404, "PUT", base+"/sessions/"+s+"/participants/"+p, "", "")
	call(401, "GET", base+"/sessions/"+s, "", "", "Basic "+basic("demo", "wrong"))
	call(204, "DELETE", base+"/sessions/"+s, "", "")
	call(401, "GET", "/v1/accounts/1234/sessions/"+s, "", "") // another account
	call(200, "GET", "/mock/stats", "", "")                   // out of scope
	call(403, "GET", "/v1/elsewhere", "", "")                 // out of scope
	form := url.Values{"grant_type": {"client_credentials"}}.Encode()
	tokenBody := call(200, "POST", webrtcmock.TokenPath, "application/x-www-form-urlencoded", form,
		"Basic "+basic("demo-client", "demo-secret")) // out of scope: OAuth2
	var token struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal([]byte(tokenBody), &token); err != nil {
		t.Fatal(err)
	}
	// Bearer is not in spec 2.0.0, whose only scheme is Basic: accepted on purpose.
	call(200, "GET", base+"/participants/"+p2, "", "", "Bearer "+token.AccessToken)

	m.SetRateLimit(1)
	limited := false
	for range 3 {
		status, _ := f.do("GET", base+"/participants/"+p2, "", "")
		limited = limited || status == http.StatusTooManyRequests
	}
	if !limited {
		t.Error("the rate limiter never answered 429")
	}
	f.expectClean()
	if n := f.check.Counts(); n.Requests != 25 || n.Answers != 25 || n.Faults != 0 {
		t.Errorf("counts %+v: not every request in scope was checked", n)
	}
}

func basic(user, pass string) string {
	req, _ := http.NewRequest(http.MethodGet, "/", nil)
	req.SetBasicAuth(user, pass)
	return strings.TrimPrefix(req.Header.Get("Authorization"), "Basic ")
}

// Requests the spec forbids are recorded, whatever the mock answers to them.
func TestMalformedRequestsAreRecorded(t *testing.T) {
	tests := []struct {
		name, method, path, contentType, body, want string
	}{
		{"unknown publish permission", "POST", base + "/participants", "application/json",
			`{"publishPermissions":["SMELL"],"tag":"t"}`, "publishPermissions/0"},
		{"wrong content type", "POST", base + "/participants", "text/plain", `{"tag":"t"}`, "text/plain"},
		{"tag of the wrong type", "POST", base + "/sessions", "application/json", `{"tag":5}`, "tag"},
		{"subscription without participantId", "PUT", base + "/sessions/" + sid + "/participants/" + pid + "/subscriptions",
			"application/json", `{"participants":[{"streamAliases":["a"]}]}`, "participantId"},
		{"duplicate publish permissions", "POST", base + "/participants", "application/json",
			`{"publishPermissions":["AUDIO","AUDIO"]}`, "publishPermissions"},
		{"malformed JSON", "POST", base + "/sessions", "application/json", `{"tag":`, "decode"},
		{"undocumented path", "PUT", base + "/sessions/" + sid + "/participants/" + pid + "/media", "", "", "no operation"},
		{"no list of sessions", "GET", base + "/sessions", "", "", "no such method"},
		{"undocumented method", "PATCH", base + "/sessions/" + sid, "application/json", `{}`, "no such method"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, m := newMockFixture(t)
			status, _ := f.do(tt.method, tt.path, tt.contentType, tt.body)
			if status == 0 {
				t.Fatal("no answer")
			}
			f.expectViolation(tt.method, tt.path, tt.want)
			if m.TotalRequests() == 0 {
				t.Error("the request did not reach the mock")
			}
		})
	}
}

// The request reaches the handler byte for byte, and credentials in a rejected request stay out
// of the record.
func TestRequestPassesThroughUnchanged(t *testing.T) {
	const body = `{"publishPermissions":["SMELL"],"token":"` + fakeJWT + `"}`
	var got string
	f := newFixture(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = string(b)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":"bad","requestId":"r"}`))
	}))
	f.do("POST", base+"/participants", "application/json", body, "Bearer "+fakeJWT)
	if got != body {
		t.Errorf("handler read %q, want %q", got, body)
	}
	f.expectViolation("POST", base+"/participants", "publishPermissions")
}

// Answers the spec forbids are recorded, unless an injected fault produced them.
func TestForbiddenAnswersAreRecorded(t *testing.T) {
	tests := []struct {
		name, method, path string
		status             int
		contentType, body  string
		want               string
	}{
		{"wrong shape", "GET", base + "/sessions/" + sid, 200, "application/json", `{"id":5}`, "id"},
		{"token leaks nowhere", "POST", base + "/participants", 200, "application/json",
			`{"participant":{"id":["x"]},"token":"` + fakeJWT + `"}`, "participant/id"},
		{"undocumented status", "GET", base + "/participants/" + pid, 409, "application/json", `{"error":"x"}`, "does not document this status"},
		{"503 nobody injected", "GET", base + "/participants/" + pid, 503, "application/json", `{"error":"x"}`, "does not document this status"},
		{"error body of the wrong shape", "GET", base + "/participants/" + pid, 404, "application/json", `{"error":["x"]}`, "error"},
		{"401 of the wrong shape", "GET", base + "/participants/" + pid, 401, "application/json", `{"message":1}`, "message"},
		{"429 with the wrong body", "GET", base + "/participants/" + pid, 429, "application/json", `{"error":1}`, "error"},
		{"200 where the spec has 204", "DELETE", base + "/participants/" + pid, 200, "application/json", `{}`, "does not document this status"},
		{"truncated JSON", "GET", base + "/sessions/" + sid, 200, "application/json", `{"id":"`, "decode"},
		{"wrong content type", "GET", base + "/sessions/" + sid, 200, "text/html", `<html>`, "text/html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}))
			f.do(tt.method, tt.path, "", "")
			f.expectViolation(tt.method, tt.path, tt.want)
		})
	}
}

// The same broken answers, produced by faults a test injected, are not violations.
func TestInjectedFaultsAreNotViolations(t *testing.T) {
	faults := []webrtcmock.Fault{
		{Status: 503, RetryAfter: "1"},
		{Status: 429},
		{Status: 409},
		{Malformed: true},
		{Malformed: true, AfterHandling: true},
		{Reset: true},
		{Reset: true, AfterHandling: true},
	}
	for _, fault := range faults {
		f, m := newMockFixture(t)
		m.Inject(webrtcmock.OpCreateParticipant, fault)
		f.do("POST", base+"/participants", "application/json", `{"tag":"t"}`)
		if m.PendingFaults() != 0 {
			t.Fatalf("fault %+v did not fire", fault)
		}
		// The next, unfaulted, answer is checked again.
		f.do("POST", base+"/participants", "application/json", `{"tag":"t"}`)
		if err := f.check.Err(); err != nil {
			t.Errorf("fault %+v: %v", fault, err)
		}
		if got, want := f.check.Counts(), (contract.Counts{Requests: 2, Answers: 1, Faults: 1}); got != want {
			t.Errorf("fault %+v: counts %+v, want %+v", fault, got, want)
		}
	}

	// A delay alone is not a fault of the answer: the answer is the operation's, and checked.
	f, m := newMockFixture(t)
	m.Inject(webrtcmock.OpGetParticipant, webrtcmock.Fault{Delay: 1})
	f.do("GET", base+"/participants/"+pid, "", "")
	f.expectClean()

	// A client that gives up while a fault delays the answer leaves nothing to check.
	f, m = newMockFixture(t)
	m.Inject(webrtcmock.OpGetParticipant, webrtcmock.Fault{Delay: time.Minute})
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.url+base+"/participants/"+pid, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth("demo", secretPassword)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("the delayed request was answered")
	}
	f.expectClean()
	if got, want := f.check.Counts(), (contract.Counts{Requests: 1, Unanswered: 1}); got != want {
		t.Errorf("client gone: counts %+v, want %+v", got, want)
	}

	// A faulted answer does not hide a malformed request.
	f, m = newMockFixture(t)
	m.Inject(webrtcmock.OpCreateParticipant, webrtcmock.Fault{Status: 503})
	f.do("POST", base+"/participants", "application/json", `{"publishPermissions":["SMELL"]}`)
	f.expectViolation("POST", base+"/participants", "publishPermissions/0")
}
