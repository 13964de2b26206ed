package webrtcmock

import (
	"net/http"
	"strconv"

	"github.com/google/uuid"
)

// StatusClientGone is recorded in Stats for a request whose client went away while a fault was
// delaying it (nginx's 499): nothing was answered.
const StatusClientGone = 499

// call is one request on its way through the mock.
type call struct {
	r         *http.Request
	op        string
	route     *route // nil: no route matched
	params    pathParams
	requestID string // AWS-style request id, echoed in error bodies and x-amzn-RequestId
	body      []byte
	bodyErr   error // reported when the operation is handled, after the path is validated
}

func newCall(r *http.Request) *call {
	c := &call{r: r, op: OpUnknown, requestID: uuid.NewString()}
	if rt, params, ok := matchRoute(r.Method, r.URL.Path); ok {
		c.route, c.params, c.op = rt, params, rt.op
	}
	return c
}

// ServeHTTP answers one request: gateway checks, then any queued fault, then the operation.
func (m *Mock) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == StatsPath && r.Method == http.MethodGet {
		m.serveStats(w)
		return
	}
	c := newCall(r)
	if resp, rejected := m.admit(c); rejected {
		m.deliver(w, c, resp)
		return
	}
	// Read the body before any fault delays the answer: only once it is read does the server
	// notice a client that gives up, which must end the delay (see Fault.Delay).
	c.body, c.bodyErr = readBody(r)
	fault := m.takeFault(c.op)
	if fault != nil && !fault.AfterHandling && m.applyFault(w, c, fault, nil) {
		return
	}
	resp := m.handle(c)
	if fault != nil && fault.AfterHandling && m.applyFault(w, c, fault, &resp) {
		return
	}
	m.deliver(w, c, resp)
}

// admit does what the gateway in front of the API does before the API sees a request:
// throttling, routing, authentication. Ids are validated only afterwards, so an unauthenticated
// caller learns nothing about id syntax.
func (m *Mock) admit(c *call) (response, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if wait, limited := m.limiter.take(m.now()); limited {
		resp := c.errorFor(http.StatusTooManyRequests)
		resp.header = map[string]string{"Retry-After": strconv.Itoa(wait)}
		return resp, true
	}
	if c.route == nil {
		return missingAuthenticationToken(), true
	}
	if c.op != OpOAuth2Token && !m.authorizedLocked(c) {
		return unauthorized(), true
	}
	return response{}, false
}

// handle validates what needs no state, then performs the operation under the lock.
func (m *Mock) handle(c *call) response {
	if err := validatePathIDs(c.params); err != nil {
		return c.fail(err)
	}
	if c.bodyErr != nil {
		return c.fail(c.bodyErr)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.addExtraFieldsLocked(c, c.route.handle(m, c))
}

// deliver counts the answer before writing it, so a client that reads Stats right after its
// response always sees its own request.
func (m *Mock) deliver(w http.ResponseWriter, c *call, resp response) {
	m.record(c.op, resp.status)
	h := w.Header()
	if c.op != OpOAuth2Token {
		h.Set("x-amzn-RequestId", c.requestID)
	}
	for k, v := range resp.header {
		h.Set(k, v)
	}
	if resp.body != nil {
		h.Set("Content-Type", "application/json")
	}
	w.WriteHeader(resp.status)
	if resp.body != nil {
		_, _ = w.Write(resp.body)
	}
}
