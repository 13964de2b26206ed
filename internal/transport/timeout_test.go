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

// answerAfter answers 201 with a body once d has passed, whether or not the client is still there,
// as a server that has carried out a create does; started is closed when the request has arrived.
func answerAfter(d time.Duration, started chan<- struct{}) func(int32, http.ResponseWriter, *http.Request) {
	return func(_ int32, w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		close(started)
		time.Sleep(d)
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"id":"created"}`)
	}
}

func TestCreateSentWaitsForItsAnswerBeyondTheAttemptTimeout(t *testing.T) {
	t.Parallel()
	srv, hits := countingServer(t, answerAfter(300*time.Millisecond, make(chan struct{})))
	opts := testOptions()
	opts.RequestTimeout = 100 * time.Millisecond
	resp, body, err := do(t, newTestClient(t, opts), context.Background(), http.MethodPost, srv.URL, `{}`)
	if err != nil || resp.StatusCode != http.StatusCreated || body != `{"id":"created"}` || hits.Load() != 1 {
		t.Fatalf("got %q, %v after %d hits; want the create's answer after 1 hit", body, err, hits.Load())
	}
}

func TestCreateSentRunsToItsAnswerAfterTheCallerStops(t *testing.T) {
	t.Parallel()
	started := make(chan struct{})
	srv, hits := countingServer(t, answerAfter(300*time.Millisecond, started))
	ctx, stop := context.WithCancel(context.Background())
	go func() {
		<-started
		stop() // Terraform stops the provider while the answer is on its way
	}()
	resp, body, err := do(t, newTestClient(t, testOptions()), ctx, http.MethodPost, srv.URL, `{}`)
	if err != nil || resp.StatusCode != http.StatusCreated || body != `{"id":"created"}` || hits.Load() != 1 {
		t.Fatalf("got %q, %v after %d hits; want the create's answer after 1 hit", body, err, hits.Load())
	}
}

func TestCreateNotSentOnceTheCallerStopped(t *testing.T) {
	t.Parallel()
	srv, hits := countingServer(t, answerAfter(0, make(chan struct{})))
	ctx, stop := context.WithCancel(context.Background())
	stop()
	_, _, err := do(t, newTestClient(t, testOptions()), ctx, http.MethodPost, srv.URL, `{}`)
	if !errors.Is(err, context.Canceled) || OutcomeUnknown(http.MethodPost, err) || hits.Load() != 0 {
		t.Fatalf("got %v (outcome unknown: %v) after %d hits; want context.Canceled, known outcome, nothing sent",
			err, OutcomeUnknown(http.MethodPost, err), hits.Load())
	}
}

// A stop during the wait between attempts sends no further attempt; the answer that asked for the
// retry is the outcome.
func TestCreateNotRetriedOnceTheCallerStopped(t *testing.T) {
	t.Parallel()
	ctx, stop := context.WithCancel(context.Background())
	srv, hits := countingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		stop()
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	opts := testOptions()
	opts.RetryWaitMin, opts.RetryWaitMax = time.Second, time.Second
	resp, _, err := do(t, newTestClient(t, opts), ctx, http.MethodPost, srv.URL, `{}`)
	if err != nil || resp.StatusCode != http.StatusServiceUnavailable || hits.Load() != 1 {
		t.Fatalf("got %v after %d hits; want the 503 after 1 hit", err, hits.Load())
	}
}

func TestCreateUnansweredByTheCallersDeadlineHasAnUnknownOutcome(t *testing.T) {
	t.Parallel()
	srv, hits := countingServer(t, answerAfter(2*time.Second, make(chan struct{})))
	opts := testOptions()
	opts.RequestTimeout = 50 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, _, err := do(t, newTestClient(t, opts), ctx, http.MethodPost, srv.URL, `{}`)
	if !errors.Is(err, ErrNoAnswerInTime) || !OutcomeUnknown(http.MethodPost, err) || hits.Load() != 1 {
		t.Fatalf("got %v after %d hits; want ErrNoAnswerInTime, an unknown outcome, 1 hit", err, hits.Load())
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
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
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

// The OAuth2 token request made for a create is not the create: a stop while it is on its way
// still keeps the create from being sent.
func TestCreateNotSentWhenTheCallerStopsDuringItsTokenRequest(t *testing.T) {
	t.Parallel()
	ctx, stop := context.WithCancel(context.Background())
	issue := issueTokens(t, 3600)
	tokens, _ := countingServer(t, func(hit int32, w http.ResponseWriter, r *http.Request) {
		stop() // Terraform stops the provider while the token is being fetched
		select {
		case <-r.Context().Done():
		case <-time.After(time.Second):
			issue(hit, w, r)
		}
	})
	api, apiHits := countingServer(t, answerAfter(0, make(chan struct{})))
	_, _, err := do(t, newTestClient(t, oauthOptions(tokens.URL)), ctx, http.MethodPost, api.URL, `{}`)
	if !errors.Is(err, context.Canceled) || OutcomeUnknown(http.MethodPost, err) || apiHits.Load() != 0 {
		t.Fatalf("got %v (outcome unknown: %v) after %d API hits; want context.Canceled, known outcome, nothing sent",
			err, OutcomeUnknown(http.MethodPost, err), apiHits.Load())
	}
}
