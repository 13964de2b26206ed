package transport

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// A made-up JWT: header {"alg":"HS256"}, payload {"sub":"test"}, signature "signature".
const fakeJWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl"

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// logEntries decodes the captured log lines with the given message.
func logEntries(t *testing.T, logs *syncBuffer, message string) []map[string]any {
	t.Helper()
	entries, err := tflogtest.MultilineJSONDecode(strings.NewReader(logs.String()))
	if err != nil {
		t.Fatalf("decoding logs: %v", err)
	}
	var matching []map[string]any
	for _, entry := range entries {
		if entry["@message"] == message {
			matching = append(matching, entry)
		}
	}
	return matching
}

func assertFields(t *testing.T, entry map[string]any, want map[string]any) {
	t.Helper()
	for key, value := range want {
		if got := entry[key]; got != value {
			t.Errorf("field %s = %#v, want %#v (entry %v)", key, got, value, entry)
		}
	}
}

func assertAbsent(t *testing.T, logs string, secrets map[string]string) {
	t.Helper()
	for name, secret := range secrets {
		if strings.Contains(logs, secret) {
			t.Errorf("the %s appears in the logs:\n%s", name, logs)
		}
	}
}

func TestLoggingOneDebugLinePerAttemptWithoutSecrets(t *testing.T) {
	t.Parallel()
	const password = "basic-password-value"
	responseBody := fmt.Sprintf(`{"participant":{"id":"p-1"},"token":%q,"note":"echo %s and %s"}`, fakeJWT, password, fakeJWT)
	srv, _ := countingServer(t, func(hit int32, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if hit == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, `{"error":"Service busy","requestId":"req-from-body"}`)
			return
		}
		w.Header().Set("X-Amzn-Requestid", "req-from-header")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, responseBody)
	})
	logs := &syncBuffer{}
	ctx := tflogtest.RootLogger(context.Background(), logs)

	resp, body, err := do(t, newTestClient(t, testOptions()), ctx, http.MethodPost,
		srv.URL+"/v1/accounts/9900000/participants?query=hidden-query-value", `{"password":"`+password+`","tag":"t"}`)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("got %v, %v", resp, err)
	}
	if body != responseBody {
		t.Fatalf("the caller's body was changed by logging:\n got %s\nwant %s", body, responseBody)
	}

	lines := logEntries(t, logs, "Bandwidth API request")
	if len(lines) != 2 {
		t.Fatalf("%d debug lines, want one per attempt (2):\n%s", len(lines), logs)
	}
	common := map[string]any{"@level": "debug", "method": "POST", "path": "/v1/accounts/9900000/participants", "content_type": "application/json"}
	assertFields(t, lines[0], common)
	assertFields(t, lines[0], map[string]any{"status": float64(503), "attempt": float64(1), "request_id": "req-from-body"})
	assertFields(t, lines[1], common)
	assertFields(t, lines[1], map[string]any{"status": float64(200), "attempt": float64(2), "request_id": "req-from-header"})
	for _, line := range lines {
		if _, ok := line["duration_ms"].(float64); !ok {
			t.Errorf("no duration_ms in %v", line)
		}
	}

	traced := logEntries(t, logs, "Bandwidth API response body")
	if len(traced) != 2 || traced[0]["@level"] != "trace" || !strings.Contains(traced[1]["body"].(string), `"token":"***"`) {
		t.Fatalf("want two redacted TRACE response bodies, got %v", traced)
	}
	if requests := logEntries(t, logs, "Bandwidth API request body"); len(requests) != 2 {
		t.Fatalf("want the request body at TRACE per attempt, got %v", requests)
	}
	assertAbsent(t, logs.String(), map[string]string{
		"password":             password,
		"JWT":                  fakeJWT,
		"Authorization header": base64.StdEncoding.EncodeToString([]byte("api-user:" + password)),
		"query string":         "hidden-query-value",
	})
}

func TestLoggingOAuthSecretsAndBearerTokenMasked(t *testing.T) {
	t.Parallel()
	tokens, _ := countingServer(t, issueTokens(t, 3600))
	// A misbehaving API that echoes what it was sent under keys secrets.RedactBody does not know.
	api, _ := countingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"echo":%q,"client":%q}`, r.Header.Get("Authorization"), testClientSecret)
	})
	logs := &syncBuffer{}
	ctx := tflogtest.RootLogger(context.Background(), logs)
	if _, _, err := do(t, newTestClient(t, oauthOptions(tokens.URL)), ctx, http.MethodGet, api.URL+"/v1/accounts/1/sessions/s-1", ""); err != nil {
		t.Fatal(err)
	}
	if len(logEntries(t, logs, "Bandwidth API request")) != 1 {
		t.Fatalf("want one debug line:\n%s", logs)
	}
	assertAbsent(t, logs.String(), map[string]string{"client secret": testClientSecret, "bearer token": "token-1"})
}

// TestLoggingRedactsBodiesWithPackageSecrets: bodies at TRACE go through secrets.RedactBody,
// with its whole key list and its header and Basic credential rules.
func TestLoggingRedactsBodiesWithPackageSecrets(t *testing.T) {
	t.Parallel()
	const apiKey, basic = "api-key-value-Qa71", "dXNlcjpwYXNzd29yZA==" // user:password
	srv, _ := countingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"apiKey":%q,"echo":"Proxy-Authorization: Basic %s"}`, apiKey, basic)
	})
	logs := &syncBuffer{}
	ctx := tflogtest.RootLogger(context.Background(), logs)
	if _, _, err := do(t, newTestClient(t, testOptions()), ctx, http.MethodGet, srv.URL+"/v1/accounts/1/sessions", ""); err != nil {
		t.Fatal(err)
	}
	traced := logEntries(t, logs, "Bandwidth API response body")
	if len(traced) != 1 || traced[0]["body"] != `{"apiKey":"***","echo":"Proxy-Authorization: ***"}` {
		t.Fatalf("want the body redacted by secrets.RedactBody, got %v", traced)
	}
	assertAbsent(t, logs.String(), map[string]string{"api key": apiKey, "Basic credential": basic})
}

func TestLoggingTransportErrorAndDebugOnly(t *testing.T) {
	t.Parallel()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := listener.Addr().String()
	_ = listener.Close()

	logs := &syncBuffer{}
	ctx := tflogtest.RootLogger(context.Background(), logs)
	opts := testOptions()
	opts.MaxRetries = 1
	if _, _, err := do(t, newTestClient(t, opts), ctx, http.MethodDelete, "http://"+addr+"/v1/x", ""); err == nil {
		t.Fatal("want an error")
	}
	lines := logEntries(t, logs, "Bandwidth API request")
	if len(lines) != 2 {
		t.Fatalf("want a debug line per attempt, got %v", lines)
	}
	if msg, _ := lines[1]["error"].(string); !strings.Contains(msg, "refused") || lines[1]["attempt"] != float64(2) {
		t.Fatalf("second line %v: want the dial error on attempt 2", lines[1])
	}
}

func TestMaskSecrets(t *testing.T) {
	logs := &syncBuffer{}
	ctx := MaskSecrets(tflogtest.RootLogger(context.Background(), logs), "s3cr3t-value", "", "other-secret")
	tflog.Info(ctx, "message with s3cr3t-value", map[string]any{"field": "other-secret inside", "n": 1})
	out := logs.String()
	if strings.Contains(out, "s3cr3t-value") || strings.Contains(out, "other-secret") || !strings.Contains(out, "message with ***") {
		t.Fatalf("secrets not masked: %s", out)
	}
	if !strings.Contains(out, `"field":"*** inside"`) {
		t.Fatalf("field value not masked: %s", out)
	}
}
