package transport

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"
)

var (
	dialRefused  = &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	readReset    = &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	timedOut     = fmt.Errorf("%w after 1s: %w", ErrAttemptTimeout, context.DeadlineExceeded)
	timedOutDial = fmt.Errorf("%w after 1s: %w", ErrAttemptTimeout, &net.OpError{Op: "dial", Net: "tcp", Err: context.DeadlineExceeded})
	tokenBusy    = &tokenRequestError{tokenURL: DefaultOAuthTokenURL, status: http.StatusServiceUnavailable}
	tokenRefused = &tokenRequestError{tokenURL: DefaultOAuthTokenURL, status: http.StatusUnauthorized, code: "invalid_client"}
	badCert      = &tls.CertificateVerificationError{Err: errors.New("x509: certificate signed by unknown authority")}
	notTLS       = errors.New("tls: first record does not look like a TLS handshake")

	// As traceSend marks them.
	unsentTimeout = fmt.Errorf("%w after 1s: %w", ErrAttemptTimeout, &notSentError{err: context.DeadlineExceeded})
	unsentTLS     = &notSentError{err: notTLS}
	sentReset     = &sentError{err: readReset}
)

func wrapped(err error) error { return &url.Error{Op: "Post", URL: "https://x", Err: err} }

func TestShouldRetryErrors(t *testing.T) {
	cases := []struct {
		name               string
		err                error
		idempotent, create bool // retried for GET/PUT/DELETE/HEAD; retried for POST
	}{
		{name: "dial refused", err: wrapped(dialRefused), idempotent: true, create: true},
		{name: "reset while reading", err: wrapped(readReset), idempotent: true, create: false},
		{name: "EOF", err: wrapped(io.EOF), idempotent: true, create: false},
		{name: "unexpected EOF", err: io.ErrUnexpectedEOF, idempotent: true, create: false},
		{name: "attempt timeout", err: wrapped(timedOut), idempotent: true, create: false},
		{name: "attempt timeout while dialing, untraced", err: wrapped(timedOutDial), idempotent: true, create: false},
		{name: "TLS handshake failure, untraced", err: wrapped(notTLS), idempotent: true, create: false},
		{name: "traced: attempt timeout before a connection", err: wrapped(unsentTimeout), idempotent: true, create: true},
		{name: "traced: TLS handshake failure", err: wrapped(unsentTLS), idempotent: true, create: true},
		{name: "traced: reset after the headers were written", err: wrapped(sentReset), idempotent: true, create: false},
		{name: "traced: written, then a dial error", err: wrapped(&sentError{err: dialRefused}), idempotent: true, create: false},
		{name: "traced: bad certificate", err: wrapped(&notSentError{err: badCert}), idempotent: false, create: false},
		{name: "token endpoint busy", err: wrapped(tokenBusy), idempotent: true, create: true},
		{name: "token endpoint timeout", err: fmt.Errorf("%w after 1s: %w", ErrAttemptTimeout, &tokenRequestError{err: context.DeadlineExceeded}), idempotent: true, create: true},
		{name: "token refused", err: wrapped(tokenRefused), idempotent: false, create: false},
		{name: "clear text refused", err: &cleartextError{host: "example.com"}, idempotent: false, create: false},
		{name: "bad certificate", err: wrapped(badCert), idempotent: false, create: false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, method := range []string{http.MethodGet, http.MethodPut, http.MethodDelete, http.MethodHead} {
				if got := shouldRetry(method, nil, tc.err); got != tc.idempotent {
					t.Errorf("%s: shouldRetry = %v, want %v", method, got, tc.idempotent)
				}
			}
			for _, method := range []string{http.MethodPost, http.MethodPatch} {
				if got := shouldRetry(method, nil, tc.err); got != tc.create {
					t.Errorf("%s: shouldRetry = %v, want %v", method, got, tc.create)
				}
			}
		})
	}
}

func TestOutcomeUnknown(t *testing.T) {
	cases := []struct {
		method string
		err    error
		want   bool
	}{
		{http.MethodPost, wrapped(timedOut), true},
		{http.MethodPost, wrapped(timedOutDial), true},
		{http.MethodPost, wrapped(readReset), true},
		{http.MethodPost, wrapped(io.EOF), true},
		{http.MethodPost, context.Canceled, true},
		{http.MethodPost, fmt.Errorf("gave up after 4 attempts: %w", dialRefused), false},
		{http.MethodPost, wrapped(tokenBusy), false},
		{http.MethodPost, wrapped(badCert), false},
		{http.MethodPost, fmt.Errorf("gave up after 4 attempts: %w", wrapped(unsentTimeout)), false},
		{http.MethodPost, wrapped(unsentTLS), false},
		{http.MethodPost, &notSentError{err: context.Canceled}, false},
		{http.MethodPost, wrapped(sentReset), true},
		{http.MethodPost, &sentError{err: dialRefused}, true},
		{http.MethodPost, fmt.Errorf("%w after 1s: %w", ErrAttemptTimeout, &sentError{err: context.DeadlineExceeded}), true},
		{http.MethodPost, nil, false},
		{http.MethodGet, wrapped(timedOut), false},
		{http.MethodDelete, wrapped(io.EOF), false},
	}
	for _, tc := range cases {
		if got := OutcomeUnknown(tc.method, tc.err); got != tc.want {
			t.Errorf("OutcomeUnknown(%s, %v) = %v, want %v", tc.method, tc.err, got, tc.want)
		}
	}
}

func TestStatusOutcomeUnknown(t *testing.T) {
	for status := 200; status < 600; status++ {
		for _, method := range []string{http.MethodPost, http.MethodPatch, http.MethodGet, http.MethodPut, http.MethodDelete} {
			// Exactly the answers on which a create is not retried because the API may have acted.
			want := !idempotent(method) && (status == 500 || status == 502 || status == 504)
			if got := StatusOutcomeUnknown(method, status); got != want {
				t.Errorf("StatusOutcomeUnknown(%s, %d) = %v, want %v", method, status, got, want)
			}
			if want && shouldRetry(method, &http.Response{StatusCode: status}, nil) {
				t.Errorf("%s answered %d is retried although its outcome is unknown", method, status)
			}
		}
	}
}

func TestCheckRetryStopsOnCallerContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), requestStateKey{}, &requestState{method: http.MethodGet}))
	if retry, err := checkRetry(ctx, nil, readReset); !retry || err != nil {
		t.Fatalf("live context: got %v, %v", retry, err)
	}
	cancel()
	// The attempt's own outcome stays the caller's: an error here would discard an answer.
	if retry, err := checkRetry(ctx, nil, readReset); retry || err != nil {
		t.Fatalf("cancelled context: got %v, %v", retry, err)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		status int
		header string
		want   time.Duration
		ok     bool
	}{
		{http.StatusTooManyRequests, "3", 3 * time.Second, true},
		{http.StatusServiceUnavailable, " 0 ", 0, true},
		{http.StatusTooManyRequests, "45", 45 * time.Second, true}, // above RetryWaitMax, below the cap
		{http.StatusTooManyRequests, "3600", maxRetryAfter, true},
		{http.StatusTooManyRequests, "99999999999999999", maxRetryAfter, true},
		{http.StatusTooManyRequests, now.Add(7 * time.Second).Format(http.TimeFormat), 7 * time.Second, true},
		{http.StatusTooManyRequests, now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{http.StatusTooManyRequests, now.Add(time.Hour).Format(http.TimeFormat), maxRetryAfter, true},
		{http.StatusTooManyRequests, "-1", 0, false},
		{http.StatusTooManyRequests, "soon", 0, false},
		{http.StatusTooManyRequests, "", 0, false},
		{http.StatusBadGateway, "3", 0, false},
	}
	for _, tc := range cases {
		resp := &http.Response{StatusCode: tc.status, Header: http.Header{"Retry-After": {tc.header}}}
		got, ok := retryAfter(resp, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("retryAfter(%d, %q) = %s, %v; want %s, %v", tc.status, tc.header, got, ok, tc.want, tc.ok)
		}
	}
}

func TestBackoffIsCappedExponentialWithJitter(t *testing.T) {
	waitMin, waitMax := 100*time.Millisecond, 1*time.Second
	for retry, ceiling := range []time.Duration{100, 200, 400, 800, 1000, 1000} {
		ceiling *= time.Millisecond
		var lowest, highest time.Duration = waitMax, 0
		for range 500 {
			wait := backoff(waitMin, waitMax, retry, &http.Response{StatusCode: http.StatusBadGateway})
			if wait < waitMin || wait > ceiling {
				t.Fatalf("retry %d: wait %s outside [%s, %s]", retry, wait, waitMin, ceiling)
			}
			lowest, highest = min(lowest, wait), max(highest, wait)
		}
		if retry > 0 && highest-lowest < (ceiling-waitMin)/2 {
			t.Errorf("retry %d: waits span only %s..%s: no jitter", retry, lowest, highest)
		}
	}
	if wait := backoff(waitMin, waitMax, 1000, nil); wait > waitMax {
		t.Fatalf("huge retry count: wait %s above the maximum", wait)
	}
	throttled := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"5"}}}
	if wait := backoff(waitMin, waitMax, 0, throttled); wait != 5*time.Second {
		t.Fatalf("Retry-After 5 above RetryWaitMax: wait %s, want 5s", wait)
	}
}

func TestRetryMatrix(t *testing.T) {
	t.Parallel()
	methods := []string{http.MethodGet, http.MethodPut, http.MethodDelete, http.MethodHead, http.MethodPost}
	statuses := []int{200, 400, 401, 404, 409, 429, 500, 502, 503, 504}
	retried := func(method string, status int) bool {
		switch status {
		case 429, 503:
			return true
		case 500, 502, 504:
			return method != http.MethodPost
		}
		return false
	}
	opts := testOptions()
	opts.MaxRetries = 2
	client := newTestClient(t, opts)
	for _, method := range methods {
		for _, status := range statuses {
			t.Run(fmt.Sprintf("%s %d", method, status), func(t *testing.T) {
				t.Parallel()
				srv, hits := countingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
					if r.Method == http.MethodPost {
						if b, _ := io.ReadAll(r.Body); string(b) != `{"tag":"t"}` {
							t.Errorf("attempt body = %q", b)
						}
					}
					w.WriteHeader(status)
					_, _ = fmt.Fprintf(w, `{"error":"status %d"}`, status)
				})
				body := ""
				if method == http.MethodPost {
					body = `{"tag":"t"}`
				}
				resp, got, err := do(t, client, context.Background(), method, srv.URL, body)
				if err != nil {
					t.Fatalf("want the API's answer, got error %v", err)
				}
				if resp.StatusCode != status {
					t.Fatalf("status %d, want %d", resp.StatusCode, status)
				}
				if method != http.MethodHead && got != fmt.Sprintf(`{"error":"status %d"}`, status) {
					t.Fatalf("body %q: the API's error body must reach the caller", got)
				}
				want := int32(1)
				if retried(method, status) {
					want = 3
				}
				if n := hits.Load(); n != want {
					t.Fatalf("server hit %d times, want %d", n, want)
				}
			})
		}
	}
}

func TestPostNotRetriedAfterConnectionDropsMidRequest(t *testing.T) {
	t.Parallel()
	srv, hits := countingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body) // the API has the create in hand
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		_ = conn.Close()
	})
	_, _, err := do(t, newTestClient(t, testOptions()), context.Background(), http.MethodPost, srv.URL, `{"tag":"t"}`)
	if err == nil {
		t.Fatal("want an error")
	}
	if n := hits.Load(); n != 1 {
		t.Fatalf("POST sent %d times after the connection dropped, want 1", n)
	}
	if !OutcomeUnknown(http.MethodPost, err) {
		t.Fatalf("OutcomeUnknown false for %v", err)
	}
}

func TestGetRetriedAfterConnectionDrops(t *testing.T) {
	t.Parallel()
	srv, hits := countingServer(t, func(hit int32, w http.ResponseWriter, _ *http.Request) {
		if hit == 1 {
			conn, _, _ := w.(http.Hijacker).Hijack()
			_ = conn.Close()
			return
		}
		_, _ = io.WriteString(w, "ok")
	})
	_, body, err := do(t, newTestClient(t, testOptions()), context.Background(), http.MethodGet, srv.URL, "")
	if err != nil || body != "ok" || hits.Load() != 2 {
		t.Fatalf("got %q, %v after %d hits", body, err, hits.Load())
	}
}

func TestPostRetriedWhenConnectionRefused(t *testing.T) {
	t.Parallel()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := listener.Addr().String()
	_ = listener.Close()

	_, _, err = do(t, newTestClient(t, testOptions()), context.Background(), http.MethodPost, "http://"+addr+"/v1", `{}`)
	if err == nil || !strings.Contains(err.Error(), "gave up after 4 attempts") {
		t.Fatalf("want 1 attempt + 3 retries, got %v", err)
	}
	if OutcomeUnknown(http.MethodPost, err) {
		t.Fatalf("a refused connection proves nothing was created, but OutcomeUnknown is true: %v", err)
	}
}

func TestRetryAfterHonouredBeyondRetryWaitMax(t *testing.T) {
	t.Parallel()
	srv, hits := countingServer(t, func(hit int32, w http.ResponseWriter, _ *http.Request) {
		if hit == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.WriteHeader(http.StatusCreated)
	})
	start := time.Now()
	resp, _, err := do(t, newTestClient(t, testOptions()), context.Background(), http.MethodPost, srv.URL, `{}`)
	if err != nil || resp.StatusCode != http.StatusCreated || hits.Load() != 2 {
		t.Fatalf("got %v, %v after %d hits", resp, err, hits.Load())
	}
	if elapsed := time.Since(start); elapsed < time.Second {
		t.Fatalf("retried after %s, before the server's Retry-After of 1s", elapsed)
	}
}

func TestCancelDuringBackoffReturnsAtOnce(t *testing.T) {
	t.Parallel()
	for name, header := range map[string]string{"exponential": "", "Retry-After": "30"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, hits := countingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
				if header != "" {
					w.Header().Set("Retry-After", header)
				}
				w.WriteHeader(http.StatusServiceUnavailable)
			})
			opts := testOptions()
			opts.RetryWaitMin, opts.RetryWaitMax = 30*time.Second, 30*time.Second
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(100*time.Millisecond, cancel)
			start := time.Now()
			_, _, err := do(t, newTestClient(t, opts), ctx, http.MethodGet, srv.URL, "")
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("want context.Canceled, got %v", err)
			}
			if elapsed := time.Since(start); elapsed > 2*time.Second {
				t.Fatalf("returned %s after the cancel", elapsed)
			}
			if hits.Load() != 1 {
				t.Fatalf("%d hits, want 1", hits.Load())
			}
		})
	}
}
