// Package contract checks HTTP traffic against Bandwidth's WebRTC OpenAPI spec 2.0.0
// (testdata/openapi/webrtc.yml). Its Checker is a middleware in front of the mock API
// (tools/webrtcmock): during the acceptance suite every request the mock receives and every
// answer it sends under /v1/accounts/ is validated, and each violation is recorded for the test
// that caused it to fail on. Only tests use it.
//
// What the check deliberately lets through, and why:
//
//   - Anything outside /v1/accounts/: the OAuth2 token endpoint (/api/v1/oauth2/token) and the
//     mock's own /mock/* routes are not part of the WebRTC spec.
//   - Authentication. The spec (2022) declares only Basic; the provider sends Bearer access tokens
//     from OAuth2 client credentials, which Bandwidth introduced later and which the spec predates.
//     Security requirements are therefore accepted as met (see acceptAnyCredentials); whether
//     credentials are valid is the mock's business, tested elsewhere. The Authorization header is
//     never read here, let alone recorded.
//   - Answers produced by an injected webrtcmock.Fault (error statuses such as 503, canned or
//     truncated bodies, connection resets): tests inject them to break the contract on purpose.
//     The mock marks them through webrtcmock.WithFaultMark, in the request's context, so nothing
//     reaches the client.
//   - 429 Too Many Requests from the mock's rate limiter (Mock.SetRateLimit): the spec documents no
//     429 and no rate limit, but a gateway in front of any API throttles, and the provider must
//     cope; the mock answers it deliberately, with Retry-After. Its status is tolerated, its body
//     must still be the spec's requestError (see checkResponse).
//
// Everything else in scope is checked as the spec says, response statuses included: a path or
// method the spec does not have, a request or response body of the wrong shape, a status an
// operation does not document, a body where the spec has none. Spec 2.0.0 documents the 204
// answers of listSessionParticipants and getParticipantSubscriptions, so those need no exception.
package contract

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// Scope is the path prefix the check covers: the WebRTC API's operations.
const Scope = "/v1/accounts/"

const (
	maxBody       = 1 << 20 // as much as the mock reads; larger requests are not checked
	maxViolations = 50      // kept per Checker; further ones are only counted
)

// Violation is one request or answer that breaks the spec. It never holds a header, and Problem
// is scrubbed of anything that looks like a credential or a token.
type Violation struct {
	Method    string
	Path      string // without the query
	Operation string // the spec's operationId, when the route matched
	Status    int    // the answer's status, for a response violation
	Problem   string
}

func (v Violation) String() string {
	where := v.Method + " " + v.Path
	if v.Operation != "" {
		where += " (" + v.Operation + ")"
	}
	if v.Status != 0 {
		return fmt.Sprintf("%s answered %d: %s", where, v.Status, v.Problem)
	}
	return fmt.Sprintf("%s: %s", where, v.Problem)
}

// Checker validates traffic through the handlers it wraps and collects the violations.
type Checker struct {
	router routers.Router

	mu sync.Mutex
	// inFlight counts the requests being handled; idle is signalled when it drops to zero. (A
	// WaitGroup would do, but its Wait may not race with an Add from a new request.)
	inFlight   int
	idle       *sync.Cond
	violations []Violation
	dropped    int
	counts     Counts
}

// Counts says how much traffic a Checker saw, so a test can tell "clean" from "never checked".
type Counts struct {
	Requests int // in scope, checked against the spec
	Answers  int // checked against the spec
	Faults   int // answers an injected fault produced, not checked
	// Unanswered requests got no answer to check: their client gave up while a fault delayed them.
	Unanswered int
}

// Counts returns the traffic checked so far.
func (c *Checker) Counts() Counts {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.counts
}

func (c *Checker) count(f func(*Counts)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f(&c.counts)
}

// New returns a Checker for the spec in SpecFile.
func New() (*Checker, error) {
	router, err := loadRouter()
	if err != nil {
		return nil, err
	}
	c := &Checker{router: router}
	c.idle = sync.NewCond(&c.mu)
	return c, nil
}

// acceptAnyCredentials stands in for authentication: see the package documentation.
func acceptAnyCredentials(context.Context, *openapi3filter.AuthenticationInput) error { return nil }

var options = &openapi3filter.Options{
	AuthenticationFunc:    acceptAnyCredentials,
	IncludeResponseStatus: true, // an undocumented status is a violation
	MultiError:            true,
	SkipSettingDefaults:   true, // the copy checked is not the one forwarded, but say so anyway
	// Schema errors name the place and the reason, never the value or the schema: a response
	// value can be a participant token.
	SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.DisableSchemaErrorDetails()},
}

// Wrap returns next with every request under Scope, and its answer, checked.
func (c *Checker) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, Scope) {
			next.ServeHTTP(w, r)
			return
		}
		c.begin()
		defer c.end()

		input, checkable := c.checkRequest(r)
		r, mark := webrtcmock.WithFaultMark(r)
		rec := &recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		switch {
		case mark.Injected():
			c.count(func(n *Counts) { n.Faults++ })
		case rec.status == 0 && !rec.hijacked:
			c.count(func(n *Counts) { n.Unanswered++ })
		}
		if input == nil || !checkable || mark.Injected() || rec.hijacked || rec.status == 0 {
			// No route to check against, a body too large to check, a fault injected on purpose,
			// or nothing answered (the client went away while a fault delayed it).
			return
		}
		c.checkResponse(input, rec)
	})
}

// checkRequest validates r against its operation and leaves r's body as it was. It returns the
// validated input (nil when no operation matches) and whether the answer can be checked.
func (c *Checker) checkRequest(r *http.Request) (*openapi3filter.RequestValidationInput, bool) {
	var body []byte
	complete := true
	if r.Body != nil && r.Body != http.NoBody {
		var err error
		body, err = io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		// Whatever happens, the handler gets exactly the bytes the client sent.
		r.Body = readCloser{io.MultiReader(bytes.NewReader(body), r.Body), r.Body}
		if err != nil || len(body) > maxBody {
			complete = false
		}
	}

	probe := r.Clone(r.Context())
	probe.URL.Scheme, probe.URL.Host, probe.Host = "http", routeHost, routeHost
	probe.Body = io.NopCloser(bytes.NewReader(body))
	route, params, ok := c.findRoute(probe)
	if !ok {
		problem := "matches no operation of the spec"
		for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
			other := probe.Clone(probe.Context())
			other.Method = method
			if _, _, ok := c.findRoute(other); ok {
				problem = "the spec has no such method for this path"
				break
			}
		}
		c.record(Violation{Method: r.Method, Path: r.URL.Path, Problem: problem})
		return nil, false
	}
	input := &openapi3filter.RequestValidationInput{
		Request: probe, PathParams: params, Route: route, Options: options,
	}
	if !complete {
		return input, false
	}
	c.count(func(n *Counts) { n.Requests++ })
	if err := openapi3filter.ValidateRequest(r.Context(), input); err != nil {
		c.record(Violation{
			Method: r.Method, Path: r.URL.Path, Operation: route.Operation.OperationID,
			Problem: "request: " + describe(err),
		})
	}
	return input, true
}

// findRoute is the router's match, except that an empty path parameter matches nothing: the
// legacy router lets .../sessions match .../sessions/{sessionId} with sessionId "".
func (c *Checker) findRoute(r *http.Request) (*routers.Route, map[string]string, bool) {
	route, params, err := c.router.FindRoute(r)
	if err != nil {
		return nil, nil, false
	}
	for _, value := range params {
		if value == "" {
			return nil, nil, false
		}
	}
	return route, params, true
}

// checkResponse validates the answer the handler wrote.
func (c *Checker) checkResponse(input *openapi3filter.RequestValidationInput, rec *recorder) {
	status := rec.status
	if status == http.StatusTooManyRequests {
		// Tolerated (see the package documentation); the body is checked as a 400's, which is the
		// spec's requestError like every other error of these operations but 401 and 403.
		status = http.StatusBadRequest
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: input,
		Status:                 status,
		Header:                 rec.header,
		Options:                options,
	}
	out.SetBodyBytes(rec.body.Bytes())
	if rec.truncated {
		return
	}
	c.count(func(n *Counts) { n.Answers++ })
	if err := openapi3filter.ValidateResponse(input.Request.Context(), out); err != nil {
		problem := "response: " + describe(err)
		if re := (*openapi3filter.ResponseError)(nil); errors.As(err, &re) && re.Reason == "status is not supported" {
			problem = "the spec does not document this status for the operation"
		}
		c.record(Violation{
			Method: input.Request.Method, Path: input.Request.URL.Path,
			Operation: input.Route.Operation.OperationID, Status: rec.status,
			Problem: problem,
		})
	}
}

func (c *Checker) record(v Violation) {
	v.Path = scrub(v.Path)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.violations) >= maxViolations {
		c.dropped++
		return
	}
	c.violations = append(c.violations, v)
}

// Violations waits (up to a few seconds) for the requests still being handled, then returns what
// was recorded so far.
func (c *Checker) Violations() []Violation {
	deadline := time.AfterFunc(5*time.Second, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.idle.Broadcast()
	})
	defer deadline.Stop()
	start := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	for c.inFlight > 0 && time.Since(start) < 5*time.Second {
		c.idle.Wait()
	}
	return append([]Violation(nil), c.violations...)
}

func (c *Checker) begin() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.inFlight++
}

func (c *Checker) end() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.inFlight--; c.inFlight == 0 {
		c.idle.Broadcast()
	}
}

// Err is nil when nothing broke the spec, else an error listing every violation, one per line.
func (c *Checker) Err() error {
	violations := c.Violations()
	c.mu.Lock()
	dropped := c.dropped
	c.mu.Unlock()
	if len(violations) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d request(s) or answer(s) of the mock broke Bandwidth's WebRTC OpenAPI spec %s (%s):",
		len(violations)+dropped, SpecVersion, SpecFile)
	for _, v := range violations {
		b.WriteString("\n  ")
		b.WriteString(v.String())
	}
	if dropped > 0 {
		fmt.Fprintf(&b, "\n  ... and %d more", dropped)
	}
	return errors.New(b.String())
}

// recorder passes an answer through and keeps its status, headers and (the start of) its body.
type recorder struct {
	http.ResponseWriter
	status    int
	header    http.Header
	body      bytes.Buffer
	truncated bool
	hijacked  bool
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
		r.header = r.ResponseWriter.Header().Clone()
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.WriteHeader(http.StatusOK)
	}
	if room := maxBody - r.body.Len(); room < len(p) {
		r.body.Write(p[:max(room, 0)])
		r.truncated = true
	} else {
		r.body.Write(p)
	}
	return r.ResponseWriter.Write(p)
}

// Hijack hands over the client's own connection: the mock resets it with SetLinger(0).
func (r *recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	r.hijacked = true
	return http.NewResponseController(r.ResponseWriter).Hijack()
}

func (r *recorder) Flush() { _ = http.NewResponseController(r.ResponseWriter).Flush() }

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

type readCloser struct {
	io.Reader
	io.Closer
}
