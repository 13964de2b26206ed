package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// ErrAttemptTimeout marks an attempt cut off by Options.RequestTimeout. For a POST the API may
// still have acted on it: see OutcomeUnknown.
var ErrAttemptTimeout = errors.New("request attempt to the Bandwidth API timed out")

// ErrNoAnswerInTime marks a create that was sent but not answered before its caller's deadline.
var ErrNoAnswerInTime = errors.New("the Bandwidth API did not answer the create before its deadline")

// attemptTimeoutTransport bounds each attempt, including reading its response body. It stands in
// for http.Client.Timeout, which would span all retries and their waits.
//
// A create (any non-idempotent request) is bounded that way only until it is on a connection.
// From then on neither the caller's cancellation nor RequestTimeout cuts it: a create the API may
// have carried out, abandoned before its answer, is an object nobody can find (the API cannot list
// participants) and a token lost for good. Only the caller's deadline still ends the wait.
type attemptTimeoutTransport struct {
	next    http.RoundTripper
	timeout time.Duration
}

func (t *attemptTimeoutTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !idempotent(req.Method) {
		return t.roundTripCreate(req)
	}
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
	resp.Body = &deadlineBody{ReadCloser: resp.Body, explain: attempt.explain, cancel: cancel}
	return resp, nil
}

func (t *attemptTimeoutTransport) roundTripCreate(req *http.Request) (*http.Response, error) {
	caller := req.Context()
	if err := caller.Err(); err != nil {
		return nil, &notSentError{err: err}
	}
	var ctx context.Context
	var cancel context.CancelFunc
	if deadline, ok := caller.Deadline(); ok {
		ctx, cancel = context.WithDeadline(context.WithoutCancel(caller), deadline)
	} else {
		ctx, cancel = context.WithCancel(context.WithoutCancel(caller))
	}
	guard := &sendGuard{cancel: cancel, sent: make(chan struct{})}
	stopWatching := guard.watch(caller, t.timeout)
	resp, err := t.next.RoundTrip(req.WithContext(context.WithValue(ctx, sendGuardKey{}, guard)))
	stopWatching()
	if err != nil {
		cancel()
		return nil, guard.explain(ctx, err)
	}
	resp.Body = &deadlineBody{ReadCloser: resp.Body, explain: func(err error) error { return guard.explain(ctx, err) }, cancel: cancel}
	return resp, nil
}

// sendGuard lets the caller's cancellation and the attempt timeout cut a create only until
// wireTransport reports that the request is on a connection (markSent).
type sendGuard struct {
	cancel context.CancelFunc

	mu      sync.Mutex
	sent    chan struct{} // closed by markSent
	isSent  bool
	stopped error // why the guard cut the request before it was sent
}

type sendGuardKey struct{}

// markSent is called when the request is handed a connection. A request the guard has already
// cut stays cut: wireTransport then reports it as possibly sent.
func markSent(ctx context.Context) {
	guard, ok := ctx.Value(sendGuardKey{}).(*sendGuard)
	if !ok {
		return
	}
	guard.mu.Lock()
	defer guard.mu.Unlock()
	if guard.stopped == nil && !guard.isSent {
		guard.isSent = true
		close(guard.sent)
	}
}

// watch cuts the request when the caller is cancelled or timeout passes, whichever comes first,
// as long as it has not been sent. The returned func ends the watch.
func (g *sendGuard) watch(caller context.Context, timeout time.Duration) (stop func()) {
	done := make(chan struct{})
	go func() {
		var expired <-chan time.Time
		if timeout > 0 {
			timer := time.NewTimer(timeout)
			defer timer.Stop()
			expired = timer.C
		}
		select {
		case <-caller.Done():
			g.stop(caller.Err())
		case <-expired:
			g.stop(fmt.Errorf("%w after %s", ErrAttemptTimeout, timeout))
		case <-g.sent:
		case <-done:
		}
	}()
	return func() { close(done) }
}

func (g *sendGuard) stop(reason error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.isSent || g.stopped != nil {
		return
	}
	g.stopped = reason
	g.cancel()
}

// explain says why a create's attempt ended early: cut before it was sent by the caller or the
// attempt timeout, or left unanswered until the caller's deadline.
func (g *sendGuard) explain(ctx context.Context, err error) error {
	g.mu.Lock()
	stopped := g.stopped
	g.mu.Unlock()
	switch {
	case stopped != nil:
		return fmt.Errorf("%w: %w", stopped, err)
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("%w: %w", ErrNoAnswerInTime, err)
	}
	return err
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
	explain func(error) error
	cancel  context.CancelFunc
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = b.explain(err)
	}
	return n, err
}

func (b *deadlineBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
