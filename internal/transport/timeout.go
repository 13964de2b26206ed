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

// attemptBound is how long one attempt may run, reading its response body included. It stands in
// for http.Client.Timeout, which would span all retries and their waits.
//
// A create (any non-idempotent request) is bounded that way only until it is on a connection
// (sent). From then on neither the caller's cancellation nor the timeout cuts it: a create the API
// may have carried out, abandoned before its answer, is an object nobody can find (the API cannot
// list participants) and a token lost for good. Only the caller's deadline still ends the wait.
type attemptBound struct {
	ctx     context.Context
	release context.CancelFunc
	caller  context.Context
	timeout time.Duration
	guard   *sendGuard // creates only
}

// boundAttempt bounds an attempt of req; a create whose caller has already stopped is not sent.
func boundAttempt(req *http.Request, timeout time.Duration) (*attemptBound, error) {
	caller := req.Context()
	b := &attemptBound{ctx: caller, release: func() {}, caller: caller, timeout: timeout}
	switch {
	case !idempotent(req.Method):
		if err := caller.Err(); err != nil {
			return nil, &notSentError{err: err}
		}
		if deadline, ok := caller.Deadline(); ok {
			b.ctx, b.release = context.WithDeadline(context.WithoutCancel(caller), deadline)
		} else {
			b.ctx, b.release = context.WithCancel(context.WithoutCancel(caller))
		}
		b.guard = watchUntilSent(caller, timeout, b.release)
	case timeout > 0:
		b.ctx, b.release = context.WithTimeout(caller, timeout)
	}
	return b, nil
}

// sent is called when the request is handed a connection.
func (b *attemptBound) sent() {
	if b.guard != nil {
		b.guard.markSent()
	}
}

// answered is called once the request has its answer or has failed.
func (b *attemptBound) answered() {
	if b.guard != nil {
		close(b.guard.done)
	}
}

// explain says why an attempt ended early: cut by the attempt timeout, cut before it was sent by
// the caller (a create), or a create left unanswered until the caller's deadline.
func (b *attemptBound) explain(err error) error {
	if b.guard == nil {
		if errors.Is(b.ctx.Err(), context.DeadlineExceeded) && b.caller.Err() == nil {
			return fmt.Errorf("%w after %s: %w", ErrAttemptTimeout, b.timeout, err)
		}
		return err
	}
	if stopped := b.guard.stoppedBy(); stopped != nil {
		return fmt.Errorf("%w: %w", stopped, err)
	}
	if errors.Is(b.ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", ErrNoAnswerInTime, err)
	}
	return err
}

// sendGuard lets the caller's cancellation and the attempt timeout cut a create only until it
// is sent.
type sendGuard struct {
	cut  context.CancelFunc
	done chan struct{} // closed once the attempt is answered or failed

	mu      sync.Mutex
	sent    chan struct{} // closed by markSent
	isSent  bool
	stopped error // why the guard cut the request before it was sent
}

// watchUntilSent cuts the request when the caller is cancelled or timeout passes, whichever
// comes first, as long as it has not been sent or answered.
func watchUntilSent(caller context.Context, timeout time.Duration, cut context.CancelFunc) *sendGuard {
	g := &sendGuard{cut: cut, done: make(chan struct{}), sent: make(chan struct{})}
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
		case <-g.done:
		}
	}()
	return g
}

// markSent: a request the guard has already cut stays cut; traceSend then reports it as possibly
// sent.
func (g *sendGuard) markSent() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.stopped == nil && !g.isSent {
		g.isSent = true
		close(g.sent)
	}
}

func (g *sendGuard) stop(reason error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.isSent || g.stopped != nil {
		return
	}
	g.stopped = reason
	g.cut()
}

func (g *sendGuard) stoppedBy() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.stopped
}

// deadlineBody keeps the attempt's bound until the caller is done with the body.
type deadlineBody struct {
	io.ReadCloser
	bound *attemptBound
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = b.bound.explain(err)
	}
	return n, err
}

func (b *deadlineBody) Close() error {
	err := b.ReadCloser.Close()
	b.bound.release()
	return err
}
