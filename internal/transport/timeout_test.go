package transport

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"
)

// stallFirst makes the first hit outlast any attempt timeout; later hits answer at once.
func stallFirst(hit int32, w http.ResponseWriter, r *http.Request) {
	_, _ = io.ReadAll(r.Body)
	if hit == 1 {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		return
	}
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, "ok")
}

func TestAttemptTimeoutOnPostIsNotRetriedAndOutcomeUnknown(t *testing.T) {
	t.Parallel()
	srv, hits := countingServer(t, stallFirst)
	opts := testOptions()
	opts.RequestTimeout = 100 * time.Millisecond
	_, _, err := do(t, newTestClient(t, opts), context.Background(), http.MethodPost, srv.URL, `{}`)
	if !errors.Is(err, ErrAttemptTimeout) {
		t.Fatalf("want ErrAttemptTimeout, got %v", err)
	}
	if !OutcomeUnknown(http.MethodPost, err) {
		t.Fatalf("OutcomeUnknown false for %v", err)
	}
	if n := hits.Load(); n != 1 {
		t.Fatalf("POST sent %d times after a timeout, want 1", n)
	}
}

func TestAttemptTimeoutOnGetIsRetried(t *testing.T) {
	t.Parallel()
	srv, hits := countingServer(t, stallFirst)
	opts := testOptions()
	opts.RequestTimeout = 100 * time.Millisecond
	resp, body, err := do(t, newTestClient(t, opts), context.Background(), http.MethodGet, srv.URL, "")
	if err != nil || resp.StatusCode != http.StatusOK || body != "ok" || hits.Load() != 2 {
		t.Fatalf("got %q, %v after %d hits", body, err, hits.Load())
	}
}

func TestAttemptTimeoutCoversBodyAndCallerDeadlineIsNotAnAttemptTimeout(t *testing.T) {
	t.Parallel()
	srv, _ := countingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, "partial")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	opts := testOptions()
	opts.RequestTimeout = 150 * time.Millisecond
	client := newTestClient(t, opts)

	readAll := func(ctx context.Context) error {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, nil)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("headers arrived in time, got %v", err)
		}
		defer func() { _ = resp.Body.Close() }()
		_, err = io.ReadAll(resp.Body)
		return err
	}
	if err := readAll(context.Background()); !errors.Is(err, ErrAttemptTimeout) {
		t.Fatalf("stalled body: want ErrAttemptTimeout, got %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := readAll(ctx); err == nil || errors.Is(err, ErrAttemptTimeout) {
		t.Fatalf("caller's own deadline: want a plain context error, got %v", err)
	}
}
