package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// ErrAttemptTimeout marks an attempt cut off by Options.RequestTimeout. For a POST the API may
// still have acted on it: see OutcomeUnknown.
var ErrAttemptTimeout = errors.New("request attempt to the Bandwidth API timed out")

// attemptTimeoutTransport bounds each attempt, including reading its response body. It stands in
// for http.Client.Timeout, which would span all retries and their waits.
type attemptTimeoutTransport struct {
	next    http.RoundTripper
	timeout time.Duration
}

func (t *attemptTimeoutTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.timeout <= 0 {
		return t.next.RoundTrip(req)
	}
	ctx, cancel := context.WithTimeout(req.Context(), t.timeout)
	attempt := &attemptDeadline{ctx: ctx, parent: req.Context(), timeout: t.timeout}
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, attempt.explain(err)
	}
	resp.Body = &deadlineBody{ReadCloser: resp.Body, attempt: attempt, cancel: cancel}
	return resp, nil
}

type attemptDeadline struct {
	ctx, parent context.Context
	timeout     time.Duration
}

// explain marks err as a per-attempt timeout when this attempt's deadline, not the caller's
// context, ended it.
func (a *attemptDeadline) explain(err error) error {
	if errors.Is(a.ctx.Err(), context.DeadlineExceeded) && a.parent.Err() == nil {
		return fmt.Errorf("%w after %s: %w", ErrAttemptTimeout, a.timeout, err)
	}
	return err
}

// deadlineBody keeps the attempt's context alive until the caller is done with the body.
type deadlineBody struct {
	io.ReadCloser
	attempt *attemptDeadline
	cancel  context.CancelFunc
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = b.attempt.explain(err)
	}
	return n, err
}

func (b *deadlineBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
