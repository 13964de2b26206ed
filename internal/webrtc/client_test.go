package webrtc

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestNewValidation(t *testing.T) {
	valid := []struct {
		baseURL string
		want    string
	}{
		{"", DefaultBaseURL},
		{"https://api.webrtc.bandwidth.com/v1/", DefaultBaseURL},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"http://localhost:8080/mock/v1//", "http://localhost:8080/mock/v1"},
	}
	for _, tt := range valid {
		c, err := New(Config{BaseURL: tt.baseURL, AccountID: testAccountID})
		if err != nil {
			t.Errorf("New(%q): unexpected error: %v", tt.baseURL, err)
			continue
		}
		if c.baseURL != tt.want || c.AccountID() != testAccountID || c.httpClient != http.DefaultClient {
			t.Errorf("New(%q) = base %q, account %q; want base %q", tt.baseURL, c.baseURL, c.AccountID(), tt.want)
		}
	}

	// The base URL rule and its cases live in internal/endpoint; these show New applies it.
	invalid := []Config{
		{BaseURL: "api.webrtc.bandwidth.com/v1", AccountID: testAccountID},
		{BaseURL: "http://api.example.com/v1", AccountID: testAccountID},
		{BaseURL: "https://user:hunter2@example.com/v1", AccountID: testAccountID},
		{BaseURL: "https://example.com/v1?x=1", AccountID: testAccountID},
		{AccountID: ""},
		{AccountID: "  "},
	}
	for _, cfg := range invalid {
		if _, err := New(cfg); err == nil {
			t.Errorf("New(%+v): want an error", cfg)
		} else if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("New error %q leaks a password", err)
		}
	}
}

func TestNewUsesGivenHTTPClient(t *testing.T) {
	var called bool
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		called = true
		return &http.Response{StatusCode: http.StatusNoContent, Body: http.NoBody, Header: http.Header{}, Request: r}, nil
	})}
	c, err := New(Config{AccountID: testAccountID, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteSession(t.Context(), sid1); err != nil || !called {
		t.Errorf("DeleteSession = %v, transport called = %v", err, called)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A retrying transport replays bodies through GetBody.
func TestRequestBodiesAreReplayable(t *testing.T) {
	var checked int
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		first, _ := io.ReadAll(r.Body)
		if r.GetBody == nil {
			t.Errorf("%s %s: GetBody is nil", r.Method, r.URL.Path)
		} else {
			replay, err := r.GetBody()
			if err != nil {
				t.Fatalf("GetBody: %v", err)
			}
			second, _ := io.ReadAll(replay)
			if len(first) == 0 || !bytes.Equal(first, second) {
				t.Errorf("%s %s: replayed body %q, first %q", r.Method, r.URL.Path, second, first)
			}
			if r.ContentLength != int64(len(first)) {
				t.Errorf("ContentLength = %d, want %d", r.ContentLength, len(first))
			}
		}
		checked++
		if r.Method == http.MethodPost {
			// One body that answers either create with what it must carry.
			created := `{"id":"` + sid1 + `","participant":{"id":"` + pid1 + `"},"token":"t"}`
			return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader(created)), Header: http.Header{}, Request: r}, nil
		}
		return &http.Response{StatusCode: http.StatusNoContent, Body: http.NoBody, Header: http.Header{}, Request: r}, nil
	})}
	c, err := New(Config{AccountID: testAccountID, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	subs := &Subscriptions{SessionID: sid1}
	errs := []error{
		func() error { _, err := c.CreateParticipant(ctx, CreateParticipantRequest{Tag: "t"}); return err }(),
		func() error { _, err := c.CreateSession(ctx, Session{Tag: "t"}); return err }(),
		c.AddParticipantToSession(ctx, sid1, pid1, subs),
		c.UpdateParticipantSubscriptions(ctx, sid1, pid1, subs),
	}
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if checked != len(errs) {
		t.Errorf("transport saw %d requests, want %d", checked, len(errs))
	}
}

func TestPathSegmentsAreEscaped(t *testing.T) {
	stub := &stubServer{response: stubResponse{Status: 204}}
	srv := httptest.NewServer(stub)
	t.Cleanup(srv.Close)
	c, err := New(Config{BaseURL: srv.URL + "/v1/", AccountID: "99/00"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.RemoveParticipantFromSession(t.Context(), "s?x=1#f", "p/../q r"); err != nil {
		t.Fatal(err)
	}
	const want = "/v1/accounts/99%2F00/sessions/s%3Fx=1%23f/participants/p%2F..%2Fq%20r"
	if reqs := stub.recorded(); len(reqs) != 1 || reqs[0].Path != want {
		t.Errorf("requests = %+v, want path %s", reqs, want)
	}
}

func TestInvalidIDsAreRejectedBeforeSending(t *testing.T) {
	c, stub := newStubClient(t, stubResponse{Status: 204})
	ctx := t.Context()
	for _, id := range []string{"", ".", ".."} {
		_, errGet := c.GetParticipant(ctx, id)
		_, errList := c.ListSessionParticipants(ctx, id)
		_, errSubs := c.GetParticipantSubscriptions(ctx, sid1, id)
		errs := map[string]error{
			"getParticipant":                 errGet,
			"deleteParticipant":              c.DeleteParticipant(ctx, id),
			"deleteSession":                  c.DeleteSession(ctx, id),
			"listSessionParticipants":        errList,
			"addParticipantToSession":        c.AddParticipantToSession(ctx, id, pid1, nil),
			"removeParticipantFromSession":   c.RemoveParticipantFromSession(ctx, sid1, id),
			"getParticipantSubscriptions":    errSubs,
			"updateParticipantSubscriptions": c.UpdateParticipantSubscriptions(ctx, id, pid1, nil),
		}
		for op, err := range errs {
			if err == nil || !strings.HasPrefix(err.Error(), op+": ") {
				t.Errorf("%s(%q): error %v, want one naming the operation", op, id, err)
			}
		}
	}
	if n := len(stub.recorded()); n != 0 {
		t.Errorf("server saw %d requests, want none", n)
	}
}

func TestContextCancellationReturnsPromptly(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // runs before srv.Close, which waits for handlers
	c := newTestClient(t, srv.URL)

	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.GetParticipant(ctx, pid1)
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("returned after %v", elapsed)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	if err != nil && !strings.HasPrefix(err.Error(), "getParticipant: ") {
		t.Errorf("error %q should name the operation", err)
	}

	ctx, cancel = context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if err := c.DeleteSession(ctx, sid1); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v, want context.DeadlineExceeded", err)
	}
}

func TestTransportErrorIsWrappedWithOperation(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c := newTestClient(t, url)

	_, err := c.CreateSession(t.Context(), Session{})
	if err == nil || !strings.HasPrefix(err.Error(), "createSession: ") {
		t.Fatalf("error %v, want one naming the operation", err)
	}
	if StatusCode(err) != 0 {
		t.Errorf("StatusCode = %d, want 0 for a transport error", StatusCode(err))
	}
}
