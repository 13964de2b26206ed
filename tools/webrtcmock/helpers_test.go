package webrtcmock

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

const testAccount = "9900000"

// fakeClock is a settable clock safe to read from handler goroutines.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type harness struct {
	t     *testing.T
	m     *Mock
	clock *fakeClock
}

func newHarness(t *testing.T, opts Options) *harness {
	t.Helper()
	clock := newFakeClock()
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	return &harness{t: t, m: New(opts), clock: clock}
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

type requestOption func(*http.Request)

func withBasic(user, pass string) requestOption {
	return func(r *http.Request) { r.SetBasicAuth(user, pass) }
}

func withHeader(key, value string) requestOption {
	return func(r *http.Request) { r.Header.Set(key, value) }
}

func withoutAuth() requestOption {
	return func(r *http.Request) { r.Header.Del("Authorization") }
}

func withContext(ctx context.Context) requestOption {
	return func(r *http.Request) { *r = *r.WithContext(ctx) }
}

// send serves one request in-process. The default credentials are the mock's Basic defaults.
func (h *harness) send(method, path, body string, opts ...requestOption) reply {
	h.t.Helper()
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.SetBasicAuth("demo", "demo")
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for _, opt := range opts {
		opt(r)
	}
	w := httptest.NewRecorder()
	h.m.ServeHTTP(w, r)
	return reply{status: w.Code, header: w.Header(), body: w.Body.Bytes()}
}

// api sends to a path under /v1/accounts/{testAccount}/.
func (h *harness) api(method, path, body string, opts ...requestOption) reply {
	h.t.Helper()
	return h.send(method, accountPath(path), body, opts...)
}

func accountPath(path string) string { return "/v1/accounts/" + testAccount + "/" + path }

func (h *harness) createParticipant(body string) (ParticipantView, string) {
	h.t.Helper()
	r := h.api(http.MethodPost, "participants", body)
	expectStatus(h.t, r, http.StatusOK)
	created := decode[createParticipantResponse](h.t, r.body)
	return created.Participant, created.Token
}

func (h *harness) newParticipant() string {
	h.t.Helper()
	p, _ := h.createParticipant("")
	return p.ID
}

func (h *harness) newSession(tag string) string {
	h.t.Helper()
	r := h.api(http.MethodPost, "sessions", `{"tag":"`+tag+`"}`)
	expectStatus(h.t, r, http.StatusOK)
	return decode[SessionView](h.t, r.body).ID
}

func (h *harness) addToSession(sid, pid, body string) reply {
	h.t.Helper()
	return h.api(http.MethodPut, "sessions/"+sid+"/participants/"+pid, body)
}

func (h *harness) updateSubscriptions(sid, pid, body string) reply {
	h.t.Helper()
	return h.api(http.MethodPut, "sessions/"+sid+"/participants/"+pid+"/subscriptions", body)
}

func (h *harness) getSubscriptions(sid, pid string) reply {
	h.t.Helper()
	return h.api(http.MethodGet, "sessions/"+sid+"/participants/"+pid+"/subscriptions", "")
}

func (h *harness) getParticipant(pid string) ParticipantView {
	h.t.Helper()
	r := h.api(http.MethodGet, "participants/"+pid, "")
	expectStatus(h.t, r, http.StatusOK)
	return decode[ParticipantView](h.t, r.body)
}

func (h *harness) listMembers(sid string) []string {
	h.t.Helper()
	r := h.api(http.MethodGet, "sessions/"+sid+"/participants", "")
	if r.status == http.StatusNoContent {
		expectNoBody(h.t, r)
		return nil
	}
	expectStatus(h.t, r, http.StatusOK)
	listed := decode[[]ParticipantView](h.t, r.body)
	if len(listed) == 0 {
		h.t.Fatalf("empty session answered 200 %s, want 204", r.body)
	}
	var ids []string
	for _, p := range listed {
		ids = append(ids, p.ID)
	}
	return ids
}

func decode[T any](t *testing.T, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode %T from %s: %v", v, body, err)
	}
	return v
}

func expectStatus(t *testing.T, r reply, want int) {
	t.Helper()
	if r.status != want {
		t.Fatalf("status = %d, want %d; body %s", r.status, want, r.body)
	}
}

func expectNoBody(t *testing.T, r reply) {
	t.Helper()
	if len(r.body) != 0 || r.header.Get("Content-Type") != "" {
		t.Fatalf("want no body and no Content-Type, got %q (Content-Type %q)", r.body, r.header.Get("Content-Type"))
	}
}

// expectRequestError checks the spec's requestError shape: exactly {error, requestId}, the id a
// UUID that matches x-amzn-RequestId, the message containing want.
func expectRequestError(t *testing.T, r reply, status int, want string) {
	t.Helper()
	expectStatus(t, r, status)
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type = %q", ct)
	}
	fields := decode[map[string]any](t, r.body)
	message, _ := fields["error"].(string)
	requestID, _ := fields["requestId"].(string)
	if len(fields) != 2 || !isUUID(requestID) {
		t.Fatalf("body %s is not {error, requestId:uuid}", r.body)
	}
	if got := r.header.Get("x-amzn-RequestId"); got != requestID {
		t.Fatalf("x-amzn-RequestId %q != requestId %q", got, requestID)
	}
	if !strings.Contains(message, want) {
		t.Fatalf("error %q does not contain %q", message, want)
	}
}

func expectJSON(t *testing.T, r reply, want string) {
	t.Helper()
	var got, expected any
	if err := json.Unmarshal(r.body, &got); err != nil {
		t.Fatalf("body %q: %v", r.body, err)
	}
	if err := json.Unmarshal([]byte(want), &expected); err != nil {
		t.Fatalf("bad expectation %q: %v", want, err)
	}
	if !reflect.DeepEqual(got, expected) {
		t.Fatalf("body = %s\nwant   %s", r.body, want)
	}
}

func mustEqual[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s = %#v, want %#v", what, got, want)
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
