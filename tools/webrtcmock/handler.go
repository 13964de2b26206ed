package webrtcmock

import (
	"context"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// StartHandler is Start with h serving the requests instead of m itself: h is typically a
// middleware in front of m, such as the OpenAPI contract check of the acceptance tests. Connections
// are counted in m's Stats as with Start.
func (m *Mock) StartHandler(addr string, h http.Handler) (*Server, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{
		listener: &countingListener{Listener: l, accepted: &m.connections},
		http:     &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second},
		done:     make(chan struct{}),
	}
	go func() {
		defer close(s.done)
		_ = s.http.Serve(s.listener)
	}()
	return s, nil
}

// FaultMark tells a middleware in front of the mock whether the mock's answer to one request was
// produced by an injected Fault (an error status, a canned or malformed body, a reset) instead of
// by the operation: such an answer breaks the API's contract on purpose.
type FaultMark struct{ injected atomic.Bool }

type faultMarkKey struct{}

// WithFaultMark returns r with a FaultMark the mock sets when a fault replaces its answer. Nothing
// reaches the client: the mark travels in the request's context, not in a header.
func WithFaultMark(r *http.Request) (*http.Request, *FaultMark) {
	mark := &FaultMark{}
	return r.WithContext(context.WithValue(r.Context(), faultMarkKey{}, mark)), mark
}

// Injected reports whether an injected fault answered (or dropped) the request.
func (f *FaultMark) Injected() bool { return f.injected.Load() }

// markFault records, for a middleware that asked with WithFaultMark, that a fault answered r.
func markFault(r *http.Request) {
	if mark, ok := r.Context().Value(faultMarkKey{}).(*FaultMark); ok {
		mark.injected.Store(true)
	}
}
