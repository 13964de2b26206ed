package transport

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// maxRetryAfter caps how long a server's Retry-After can hold a request. Up to this cap the
// server's value is obeyed as given, even beyond RetryWaitMax; a longer ask is cut to the cap, so a
// Terraform run never sits silent for minutes on one call.
const maxRetryAfter = 60 * time.Second

// An unsentError happened before any byte of the request left the provider, so sending the
// request again cannot duplicate it; retryable says whether sending it again can help.
type unsentError interface {
	error
	retryable() bool
}

// requestState follows one call through its attempts; CheckRetry sees neither the request nor
// the attempt number, so they travel in the context.
type requestState struct {
	method  string
	attempt atomic.Int32
}

type requestStateKey struct{}

func stateFrom(ctx context.Context) *requestState {
	state, _ := ctx.Value(requestStateKey{}).(*requestState)
	return state
}

// attemptNumber is the 1-based attempt the request in ctx is on.
func attemptNumber(ctx context.Context) int {
	if state := stateFrom(ctx); state != nil && state.attempt.Load() > 0 {
		return int(state.attempt.Load())
	}
	return 1
}

// retryTransport makes each call through go-retryablehttp, with the state its retry decisions
// and log lines need.
type retryTransport struct {
	client *retryablehttp.Client
	base   http.RoundTripper
}

// CloseIdleConnections lets the returned client's CloseIdleConnections reach the base transport.
// Only this outermost layer offers it: retryablehttp closes its inner client's idle connections
// after every failed call, which would empty the pool that parallel calls share.
func (t *retryTransport) CloseIdleConnections() {
	if closer, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		closer.CloseIdleConnections()
	}
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	state := &requestState{method: req.Method}
	retryable, err := retryablehttp.FromRequest(req.WithContext(context.WithValue(req.Context(), requestStateKey{}, state)))
	if err != nil {
		return nil, err
	}
	return t.client.Do(retryable)
}

func recordAttempt(_ retryablehttp.Logger, req *http.Request, retry int) {
	if state := stateFrom(req.Context()); state != nil {
		state.attempt.Store(int32(retry + 1))
	}
}

// checkRetry stops retrying once the caller is done, but leaves the attempt's own outcome to the
// caller: an error from here would make retryablehttp throw away an answer that came after a stop,
// such as a create's, whose token exists nowhere else.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, nil
	}
	method := http.MethodPost // unknown method: assume the strictest rules
	if state := stateFrom(ctx); state != nil {
		method = state.method
	}
	return shouldRetry(method, resp, err), nil
}

// shouldRetry decides whether an attempt's outcome is worth another attempt. Idempotent calls are
// retried on any transient failure; a POST only where the API provably did not act on it.
func shouldRetry(method string, resp *http.Response, err error) bool {
	if err != nil {
		return retryableError(method, err)
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests, resp.StatusCode == http.StatusServiceUnavailable:
		return true
	case serverMayHaveActed(resp.StatusCode):
		return idempotent(method)
	}
	return false
}

// serverMayHaveActed reports the error statuses that do not prove the API left the request
// undone: the API failed part-way (500), or a gateway lost or timed out on its answer (502, 504).
func serverMayHaveActed(status int) bool {
	switch status {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
		return true
	}
	return false
}

func retryableError(method string, err error) bool {
	var unsent unsentError
	if errors.As(err, &unsent) {
		return unsent.retryable()
	}
	if isCertificateError(err) {
		return false
	}
	return idempotent(method) || requestNotSent(err)
}

// requestNotSent reports errors that prove the API never received the request. The request
// trace decides where there is one (see traceSend): a dial, DNS or TLS handshake failure or a
// per-attempt timeout before any byte was written proves it, a failure after the headers were
// written never does. Without a trace, only the error itself can prove it, and a per-attempt
// timeout proves nothing, even during a dial.
func requestNotSent(err error) bool {
	var unsent unsentError
	if errors.As(err, &unsent) {
		return true
	}
	var sent *sentError
	if errors.As(err, &sent) || errors.Is(err, ErrAttemptTimeout) {
		return false
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	return isCertificateError(err)
}

func isCertificateError(err error) bool {
	var verification *tls.CertificateVerificationError
	return errors.As(err, &verification)
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// OutcomeUnknown reports whether a failed call may nevertheless have been carried out by the API:
// a non-idempotent call (POST) whose request was, even partly, written (or may have been) before it
// failed, such as a per-attempt timeout waiting for the answer, a connection reset or closed
// mid-answer, a malformed answer, or a cancellation. Such a call is never retried, and the caller
// should say that the object may exist. A call that failed before any byte of it was written (a
// refused or timed-out dial, a DNS or TLS handshake failure) is not: it was retried instead.
func OutcomeUnknown(method string, err error) bool {
	return err != nil && !idempotent(method) && !requestNotSent(err)
}

// StatusOutcomeUnknown is OutcomeUnknown for a call the API answered with an error status: a
// non-idempotent call answered 500, 502 or 504 may nevertheless have been carried out, which is
// why such a call is never retried.
func StatusOutcomeUnknown(method string, status int) bool {
	return !idempotent(method) && serverMayHaveActed(status)
}

// backoff waits what Retry-After asks (see maxRetryAfter), otherwise a capped exponential delay
// with full jitter between waitMin and waitMax. go-retryablehttp's backoffs cannot do both: its
// DefaultBackoff honours Retry-After uncapped and has no jitter, its jittered ones are linear, and
// none reports whether it found a Retry-After to obey.
func backoff(waitMin, waitMax time.Duration, retry int, resp *http.Response) time.Duration {
	if wait, ok := retryAfter(resp, time.Now()); ok {
		return wait
	}
	ceiling := waitMin
	for i := 0; i < retry && ceiling < waitMax; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, waitMax)
	return waitMin + rand.N(ceiling-waitMin+1)
}

func retryAfter(resp *http.Response, now time.Time) (time.Duration, bool) {
	if resp == nil || (resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable) {
		return 0, false
	}
	value := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if value == "" {
		return 0, false
	}
	if seconds, err := strconv.ParseInt(value, 10, 64); err == nil {
		if seconds < 0 {
			return 0, false
		}
		return time.Duration(min(seconds, int64(maxRetryAfter/time.Second))) * time.Second, true
	}
	if at, err := http.ParseTime(value); err == nil {
		return min(max(at.Sub(now), 0), maxRetryAfter), true
	}
	return 0, false
}

// giveUp hands the last answer to the caller once retries are exhausted, so the API's own error
// body is reported; a transport error says how many attempts were made.
func giveUp(resp *http.Response, err error, attempts int) (*http.Response, error) {
	if err == nil {
		return resp, nil
	}
	if resp != nil {
		discard(resp)
	}
	// The caller's http.Client names the method and URL again.
	if urlErr, ok := err.(*url.Error); ok {
		err = urlErr.Err
	}
	if attempts == 1 {
		return nil, err
	}
	return nil, fmt.Errorf("gave up after %d attempts: %w", attempts, err)
}
