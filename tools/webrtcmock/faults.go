package webrtcmock

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Fault replaces or disturbs the answer to a request. Faults queued for an operation apply in
// the order injected; each is used up after Times requests.
type Fault struct {
	Status     int           // respond with this status and the operation's documented error body instead of handling
	RetryAfter string        // optional Retry-After header value
	Delay      time.Duration // sleep before responding (a client that gives up ends the sleep)
	Reset      bool          // close the connection with no response (TCP RST via SetLinger(0)); needs a real server
	Malformed  bool          // respond 200 with a truncated, invalid JSON body
	Body       string        // respond with this body, as JSON, and Status (200 when unset)
	// AfterHandling applies the fault once the operation has really been performed (state
	// changed): the server acted but the reply is lost, slow, garbled or an error.
	AfterHandling bool
	Times         int // how many requests it applies to; 0 means 1, negative means until ClearFaults
}

type pendingFault struct {
	fault     Fault
	remaining int // negative: unlimited
}

// Inject queues f for operation (one of the Op constants). Faults are taken only by requests that
// pass the rate limit and authentication, so a rejected request never uses one up. Inject panics
// on an unknown operation: such a fault could never fire, which is always a bug in the test.
func (m *Mock) Inject(operation string, f Fault) {
	if !knownOperation(operation) {
		panic(fmt.Sprintf("webrtcmock: Inject: unknown operation %q", operation))
	}
	remaining := f.Times
	if remaining == 0 {
		remaining = 1
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.faults[operation] = append(m.faults[operation], &pendingFault{fault: f, remaining: remaining})
}

// ClearFaults drops every queued fault.
func (m *Mock) ClearFaults() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.faults = map[string][]*pendingFault{}
}

func (m *Mock) takeFault(operation string) *Fault {
	m.mu.Lock()
	defer m.mu.Unlock()
	queue := m.faults[operation]
	if len(queue) == 0 {
		return nil
	}
	head := queue[0]
	if head.remaining > 0 {
		head.remaining--
		if head.remaining == 0 {
			m.faults[operation] = queue[1:]
		}
	}
	f := head.fault
	return &f
}

// applyFault carries out f and reports whether the request is finished (answered, reset, or
// abandoned by its client). handled is the operation's real answer when f applies after handling.
func (m *Mock) applyFault(w http.ResponseWriter, c *call, f *Fault, handled *response) bool {
	if !sleep(c.r.Context(), f.Delay) {
		m.record(c.op, StatusClientGone)
		return true
	}
	switch {
	case f.Reset:
		m.record(c.op, 0)
		resetConnection(w)
	case f.Malformed:
		m.deliver(w, c, truncatedReply(handled))
	case f.Body != "":
		status := f.Status
		if status == 0 {
			status = http.StatusOK
		}
		m.deliver(w, c, response{status: status, body: []byte(f.Body)})
	case f.Status != 0:
		resp := c.errorFor(f.Status)
		if f.RetryAfter != "" {
			resp.header = map[string]string{"Retry-After": f.RetryAfter}
		}
		m.deliver(w, c, resp)
	default:
		return false
	}
	markFault(c.r)
	return true
}

func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// truncatedReply cuts the real answer in half when there is one, so a client sees the start of
// what it expected; otherwise it sends the start of an object.
func truncatedReply(handled *response) response {
	body := []byte(`{"id":"`)
	if handled != nil && len(handled.body) > 1 {
		body = handled.body[:len(handled.body)/2]
	}
	return response{status: http.StatusOK, body: body}
}

// resetConnection drops the connection without an HTTP answer. SetLinger(0) makes the close
// send RST instead of FIN, which is what a crashed or overloaded proxy looks like to clients.
func resetConnection(w http.ResponseWriter) {
	hijacker, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // HTTP/2 or a recorder: aborting is the closest equivalent
	}
	conn, _, err := hijacker.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}
