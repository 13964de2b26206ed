package vcr

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// fakeAPI answers like the WebRTC API for one participant: each GET reports how many GETs came
// before it, so the order in which answers are replayed is visible.
func fakeAPI(t *testing.T, token string) *httptest.Server {
	t.Helper()
	var gets atomic.Int32
	var deleted atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "rid")
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/api/v1/oauth2/token":
			fmt.Fprintf(w, `{"access_token":%q,"expires_in":3600,"token_type":"Bearer"}`, testAccessToken)
		case r.Method == http.MethodPost:
			fmt.Fprintf(w, `{"participant":{"id":%q},"token":%q}`, testParticipant, token)
		case r.Method == http.MethodDelete:
			deleted.Store(true)
			w.WriteHeader(http.StatusNoContent)
		case deleted.Load():
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"error":"not found"}`)
		default:
			fmt.Fprintf(w, `{"id":%q,"tag":"get-%d"}`, testParticipant, gets.Add(1))
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

type call struct{ method, path, body string }

func send(t *testing.T, rt http.RoundTripper, root string, c call) (int, string) {
	t.Helper()
	var body io.Reader
	if c.body != "" {
		body = strings.NewReader(c.body)
	}
	req, err := http.NewRequest(c.method, root+c.path, body)
	if err != nil {
		t.Fatal(err)
	}
	if c.body != "" {
		req.Header.Set("Content-Type", "application/json")
		if strings.HasPrefix(c.body, "grant_type") {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	req.Header.Set("Authorization", "Bearer "+testAccessToken)
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatalf("%s %s: %v", c.method, c.path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestRecordThenReplayOffline(t *testing.T) {
	token := liveToken(t)
	srv := fakeAPI(t, token)
	name := filepath.Join(t.TempDir(), "cassettes", "lifecycle")
	participant := "/v1/accounts/" + testAccount + "/participants/" + testParticipant
	calls := []call{
		{"POST", "/api/v1/oauth2/token", "grant_type=client_credentials"},
		{"POST", "/v1/accounts/" + testAccount + "/participants", `{"tag":"alice","publishPermissions":["AUDIO"]}`},
		{"GET", participant, ""},
		{"GET", participant, ""},
		{"DELETE", participant, ""},
		{"GET", participant, ""},
	}

	rec, err := Start(Config{Cassette: name, Mode: Record, AccountID: testAccount, Secrets: CredentialSecrets("", "", testClientID, testClientSecret)})
	if err != nil {
		t.Fatal(err)
	}
	var live []string
	for _, c := range calls {
		code, body := send(t, rec, srv.URL, c)
		live = append(live, fmt.Sprint(code, " ", body))
	}
	if !strings.Contains(live[1], token) {
		t.Fatalf("recording must hand the provider the live answer, got %s", live[1])
	}
	if err := rec.Stop(true); err != nil {
		t.Fatal(err)
	}
	if findings, err := ScanFile(name+".yaml", rec.Known()); err != nil || len(findings) > 0 {
		t.Fatalf("scan: %v %v", err, findings)
	}
	srv.Close()

	// Replay against a host that does not exist: nothing may leave the process.
	replay := func() *Recorder {
		r, err := Start(Config{Cassette: name, Mode: Replay, AccountID: PlaceholderAccountID})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := replay()
	const nowhere = "http://replay.invalid"
	for n, c := range calls {
		c.path = strings.ReplaceAll(c.path, testAccount, PlaceholderAccountID)
		code, body := send(t, r, nowhere, c)
		want := strings.ReplaceAll(live[n], testAccount, PlaceholderAccountID)
		if n == 1 { // the token became a placeholder
			if !strings.Contains(body, PlaceholderSignature) || strings.Contains(body, token) {
				t.Errorf("replayed create answer %s", body)
			}
			continue
		}
		if n == 0 {
			want = strings.ReplaceAll(want, testAccessToken, PlaceholderAccessToken)
		}
		if got := fmt.Sprint(code, " ", body); got != want {
			t.Errorf("call %d %s %s: replayed %q, want %q (in recorded order)", n, c.method, c.path, got, want)
		}
	}
	// One GET more than recorded: no answer left for it.
	code, body := send(t, r, nowhere, call{"GET", "/v1/accounts/9900000/participants/" + testParticipant, ""})
	if code != http.StatusBadRequest || !strings.Contains(body, "no recorded interaction left for GET /v1/accounts/9900000/participants/"+testParticipant) {
		t.Errorf("extra GET: %d %s", code, body)
	}
	if err := r.Stop(false); err != nil {
		t.Fatal(err)
	}
	if p := r.Problems(); len(p) != 1 || !strings.Contains(p[0], "GET /v1/accounts/9900000/participants/") {
		t.Errorf("problems = %q, want the one miss", p)
	}

	// A replay may run with another account id: requests map to the placeholder, answers back.
	r, err = Start(Config{Cassette: name, Mode: Replay, AccountID: "4440000"})
	if err != nil {
		t.Fatal(err)
	}
	send(t, r, nowhere, calls[0])
	_, body = send(t, r, nowhere, call{"POST", "/v1/accounts/4440000/participants", calls[1].body})
	claims, _ := decodeSegment(strings.Split(strings.Split(body, `"token":"`)[1], ".")[1])
	if claims["a"] != "4440000" {
		t.Errorf("account claim in the replayed token = %v, want the replay's account", claims["a"])
	}

	// A replay that stops early reports what it never asked for.
	r = replay()
	send(t, r, nowhere, calls[0])
	_ = r.Stop(false)
	if p := r.Problems(); len(p) != len(calls)-1 || !strings.Contains(p[0], "never requested") {
		t.Errorf("problems = %q, want %d unused interactions", p, len(calls)-1)
	}
}

func TestReplayNeedsCassette(t *testing.T) {
	_, err := Start(Config{Cassette: filepath.Join(t.TempDir(), "missing"), Mode: Replay})
	if err == nil || !strings.Contains(err.Error(), "make testacc-record") {
		t.Fatalf("want a hint to record, got %v", err)
	}
}

func TestGuardedFSRefusesSecrets(t *testing.T) {
	dir := t.TempDir()
	fs := &guardedFS{known: func() []string { return []string{"known-secret-value"} }}
	for name, data := range map[string]string{
		"known":         "body: known-secret-value\n",
		"authorization": "    Authorization:\n      - x\n",
		"jwt":           "body: " + liveToken(t) + "\n",
	} {
		path := filepath.Join(dir, name+".yaml")
		if err := fs.WriteFile(path, []byte(data)); err == nil || strings.Contains(err.Error(), "known-secret-value") {
			t.Errorf("%s: want a refusal that does not quote the secret, got %v", name, err)
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("%s: file written despite the refusal", name)
		}
	}
	if err := fs.WriteFile(filepath.Join(dir, "sub", "clean.yaml"), []byte("body: '{}'\n")); err != nil {
		t.Errorf("clean cassette: %v", err)
	}
}
