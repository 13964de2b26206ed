package webrtc

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/repo"
)

// specPath is Bandwidth's spec 2.0.0, kept in the repository as test data
// (testdata/openapi/webrtc.yml at the module root). Its absence is a failure, not a skip:
// without it these tests prove nothing.
func specPath(t *testing.T) string {
	t.Helper()
	dir, err := repo.Root()
	if err != nil {
		t.Fatal("cannot locate testdata/openapi/webrtc.yml: ", err)
	}
	path := filepath.Join(dir, "testdata", "openapi", "webrtc.yml")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("OpenAPI spec missing: %v", err)
	}
	return path
}

// cannedResponse is what the conformance server answers to the next request.
type cannedResponse struct {
	status int
	body   string
}

// conformanceServer validates each request against the spec, answers the canned
// response and validates that too, so the canned bodies are spec-shaped.
type conformanceServer struct {
	report func(format string, args ...any) // called from handler goroutines
	router routers.Router

	mu         sync.Mutex
	next       cannedResponse
	operations map[string]bool // operationIds seen
}

var validationOptions = &openapi3filter.Options{
	AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
	// The spec marks the whole subscriptions schema readOnly, yet it is the request body
	// of addParticipantToSession and updateParticipantSubscriptions. kin-openapi checks
	// readOnly only on properties, and sessionId and participants are not marked, so the
	// readOnly checks stay on. createParticipant's extra "subscriptions" passes because
	// createParticipantRequest does not forbid additional properties.
	IncludeResponseStatus: true,
	MultiError:            true,
}

func (s *conformanceServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// A server-side URL has only a path; the router matches full URLs against doc.Servers.
	r.URL.Scheme, r.URL.Host = "http", r.Host
	route, pathParams, err := s.router.FindRoute(r)
	if err != nil {
		s.report("%s %s matches no operation of the spec: %v", r.Method, r.URL.Path, err)
		http.Error(w, `{"error":"no route"}`, http.StatusInternalServerError)
		return
	}
	requestInput := &openapi3filter.RequestValidationInput{
		Request: r, PathParams: pathParams, Route: route, Options: validationOptions,
	}
	if err := openapi3filter.ValidateRequest(r.Context(), requestInput); err != nil {
		s.report("%s request does not conform to the spec: %v", route.Operation.OperationID, err)
		http.Error(w, `{"error":"invalid request"}`, http.StatusBadRequest)
		return
	}

	s.mu.Lock()
	s.operations[route.Operation.OperationID] = true
	resp := s.next
	s.mu.Unlock()

	header := http.Header{}
	if resp.body != "" {
		header.Set("Content-Type", "application/json")
	}
	responseInput := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: requestInput,
		Status:                 resp.status,
		Header:                 header,
		Options:                validationOptions,
	}
	responseInput.SetBodyBytes([]byte(resp.body))
	if err := openapi3filter.ValidateResponse(r.Context(), responseInput); err != nil {
		s.report("canned %d response for %s does not conform to the spec: %v", resp.status, route.Operation.OperationID, err)
	}

	for k, v := range header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.status)
	_, _ = w.Write([]byte(resp.body))
}

func (s *conformanceServer) respond(status int, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next = cannedResponse{status: status, body: body}
}

func (s *conformanceServer) seen() map[string]bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.operations)
}

// newConformanceServer starts a conformance server that tells report about every
// request or canned response that does not conform.
func newConformanceServer(t *testing.T, report func(format string, args ...any)) (*conformanceServer, *openapi3.T, string) {
	t.Helper()
	path := specPath(t)
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		t.Fatalf("loading %s: %v", path, err)
	}
	if err := doc.Validate(t.Context()); err != nil {
		t.Fatalf("spec %s is invalid: %v", path, err)
	}
	if doc.Info == nil || doc.Info.Version != "2.0.0" {
		t.Fatalf("spec %s is not Bandwidth's WebRTC spec 2.0.0", path)
	}

	server := &conformanceServer{report: report, operations: map[string]bool{}}
	srv := httptest.NewUnstartedServer(server)
	baseURL := "http://" + srv.Listener.Addr().String() + "/v1"
	doc.Servers = openapi3.Servers{{URL: baseURL}}
	if server.router, err = legacy.NewRouter(doc); err != nil {
		t.Fatalf("building router: %v", err)
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return server, doc, baseURL
}

const (
	specParticipant    = `{"id":"` + pid1 + `","callbackUrl":"https://example.com/callback","publishPermissions":["VIDEO","AUDIO"],"sessions":["` + sid1 + `"],"subscriptions":{"sessionId":"` + sid1 + `","participants":[{"participantId":"` + pid2 + `","streamAliases":["alias_1","alias_2"]}]},"tag":"participant1","deviceApiVersion":"V3"}`
	specNewParticipant = `{"id":"` + pid1 + `","callbackUrl":null,"publishPermissions":[],"sessions":[],"subscriptions":{},"tag":"","deviceApiVersion":"V3"}`
	specToken          = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwiaWF0IjoxNTE2MjM5MDIyfQ.L8i6g3PfcHlioHCCPURC9pmXT7gdJpx3kOoyAfNUwCc"
	specSession        = `{"id":"` + sid1 + `","tag":"session1"}`
	specSubscriptions  = `{"sessionId":"` + sid1 + `","participants":[{"participantId":"` + pid2 + `"},{"participantId":"` + pid1 + `","streamAliases":["alias_1"]}]}`
	specRequestError   = `{"error":"Internal error","requestId":"12af78d1-5f88-4917-925d-17c1ac8fda7a"}`
)

func TestOpenAPIConformance(t *testing.T) {
	server, doc, baseURL := newConformanceServer(t, t.Errorf)
	c := newTestClient(t, baseURL)
	subs := &Subscriptions{SessionID: sid1, Participants: []ParticipantSubscription{
		{ParticipantID: pid2, StreamAliases: []string{"alias_1", "alias_2"}},
		{ParticipantID: pid1},
	}}

	tests := []struct {
		name   string
		status int
		body   string
		call   func(ctx context.Context) error
	}{
		{"createParticipant with every field", 200, `{"participant":` + specNewParticipant + `,"token":"` + specToken + `"}`, func(ctx context.Context) error {
			resp, err := c.CreateParticipant(ctx, CreateParticipantRequest{
				CallbackURL:        ptr("https://example.com/callback"),
				PublishPermissions: []PublishPermission{PublishVideo, PublishAudio},
				Subscriptions:      &Subscriptions{SessionID: sid1},
				Tag:                "participant1",
				DeviceAPIVersion:   DeviceAPIVersionV3,
			})
			return expect(err, resp != nil && resp.Token == specToken && resp.Participant.ID == pid1 && resp.Participant.CallbackURL == nil)
		}},
		{"createParticipant with no fields", 200, `{"participant":` + specParticipant + `,"token":"` + specToken + `"}`, func(ctx context.Context) error {
			resp, err := c.CreateParticipant(ctx, CreateParticipantRequest{})
			return expect(err, resp != nil && *resp.Participant.CallbackURL == "https://example.com/callback")
		}},
		{"getParticipant", 200, specParticipant, func(ctx context.Context) error {
			p, err := c.GetParticipant(ctx, pid1)
			return expect(err, p != nil && len(p.Subscriptions.Participants) == 1 && p.Subscriptions.Participants[0].StreamAliases[1] == "alias_2")
		}},
		{"deleteParticipant", 204, "", func(ctx context.Context) error { return c.DeleteParticipant(ctx, pid1) }},
		{"createSession", 200, specSession, func(ctx context.Context) error {
			s, err := c.CreateSession(ctx, Session{Tag: "session1"})
			return expect(err, s != nil && s.ID == sid1)
		}},
		{"createSession with no tag", 200, `{"id":"` + sid1 + `"}`, func(ctx context.Context) error {
			s, err := c.CreateSession(ctx, Session{})
			return expect(err, s != nil && s.ID == sid1 && s.Tag == "")
		}},
		{"getSession", 200, specSession, func(ctx context.Context) error {
			s, err := c.GetSession(ctx, sid1)
			return expect(err, s != nil && s.Tag == "session1")
		}},
		{"deleteSession", 204, "", func(ctx context.Context) error { return c.DeleteSession(ctx, sid1) }},
		{"listSessionParticipants", 200, `[` + specParticipant + `,` + specNewParticipant + `]`, func(ctx context.Context) error {
			ps, err := c.ListSessionParticipants(ctx, sid1)
			return expect(err, len(ps) == 2)
		}},
		{"listSessionParticipants 204", 204, "", func(ctx context.Context) error {
			ps, err := c.ListSessionParticipants(ctx, sid1)
			return expect(err, ps != nil && len(ps) == 0)
		}},
		{"addParticipantToSession with subscriptions", 204, "", func(ctx context.Context) error {
			return c.AddParticipantToSession(ctx, sid1, pid1, subs)
		}},
		{"addParticipantToSession without subscriptions", 204, "", func(ctx context.Context) error {
			return c.AddParticipantToSession(ctx, sid1, pid1, nil)
		}},
		{"removeParticipantFromSession", 204, "", func(ctx context.Context) error { return c.RemoveParticipantFromSession(ctx, sid1, pid1) }},
		{"getParticipantSubscriptions", 200, specSubscriptions, func(ctx context.Context) error {
			s, err := c.GetParticipantSubscriptions(ctx, sid1, pid1)
			return expect(err, s != nil && s.SessionID == sid1 && len(s.Participants) == 2)
		}},
		{"getParticipantSubscriptions 204", 204, "", func(ctx context.Context) error {
			s, err := c.GetParticipantSubscriptions(ctx, sid1, pid1)
			return expect(err, s != nil && s.IsEmpty())
		}},
		{"updateParticipantSubscriptions", 204, "", func(ctx context.Context) error {
			return c.UpdateParticipantSubscriptions(ctx, sid1, pid1, subs)
		}},
		{"updateParticipantSubscriptions removing all", 204, "", func(ctx context.Context) error {
			return c.UpdateParticipantSubscriptions(ctx, sid1, pid1, nil)
		}},

		// Documented error responses, one per body schema and predicate.
		{"createParticipant 400", 400, specRequestError, func(ctx context.Context) error {
			_, err := c.CreateParticipant(ctx, CreateParticipantRequest{Tag: "t"})
			return expectAPIError(err, IsBadRequest, "Internal error", "12af78d1-5f88-4917-925d-17c1ac8fda7a")
		}},
		{"getSession 401", 401, `{"message":"Unauthorized"}`, func(ctx context.Context) error {
			_, err := c.GetSession(ctx, sid1)
			return expectAPIError(err, IsUnauthorized, "Unauthorized", "")
		}},
		{"deleteSession 403", 403, `{"message":"Missing Authentication Token"}`, func(ctx context.Context) error {
			return expectAPIError(c.DeleteSession(ctx, sid1), IsForbidden, "Missing Authentication Token", "")
		}},
		{"getParticipant 404", 404, specRequestError, func(ctx context.Context) error {
			_, err := c.GetParticipant(ctx, pid1)
			return expectAPIError(err, IsNotFound, "Internal error", "12af78d1-5f88-4917-925d-17c1ac8fda7a")
		}},
		{"addParticipantToSession 409", 409, specRequestError, func(ctx context.Context) error {
			return expectAPIError(c.AddParticipantToSession(ctx, sid1, pid1, nil), IsConflict, "Internal error", "12af78d1-5f88-4917-925d-17c1ac8fda7a")
		}},
		{"listSessionParticipants 500", 500, specRequestError, func(ctx context.Context) error {
			_, err := c.ListSessionParticipants(ctx, sid1)
			return expectAPIError(err, func(err error) bool { return StatusCode(err) == 500 }, "Internal error", "12af78d1-5f88-4917-925d-17c1ac8fda7a")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server.respond(tt.status, tt.body)
			if err := tt.call(t.Context()); err != nil {
				t.Error(err)
			}
		})
	}

	var specOperations, missing []string
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			specOperations = append(specOperations, op.OperationID)
		}
	}
	seen := server.seen()
	for _, op := range specOperations {
		if !seen[op] {
			missing = append(missing, op)
		}
	}
	sort.Strings(missing)
	if len(specOperations) != 11 || len(missing) > 0 {
		t.Errorf("spec has %d operations; not exercised: %v", len(specOperations), missing)
	}
}

func expect(err error, ok bool) error {
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("decoded result differs from the canned response")
	}
	return nil
}

func expectAPIError(err error, is func(error) bool, message, requestID string) error {
	var apiErr *Error
	if !errors.As(err, &apiErr) {
		return fmt.Errorf("error %v is not an *Error", err)
	}
	if !is(err) || apiErr.Message != message || apiErr.RequestID != requestID {
		return fmt.Errorf("got %#v, want message %q and request id %q", apiErr, message, requestID)
	}
	return nil
}

// The conformance server must complain about what the spec forbids, or
// TestOpenAPIConformance proves nothing.
func TestConformanceServerRejectsNonConformingTraffic(t *testing.T) {
	var mu sync.Mutex
	var complaints []string
	server, _, baseURL := newConformanceServer(t, func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		complaints = append(complaints, fmt.Sprintf(format, args...))
	})

	accountURL := baseURL + "/accounts/" + testAccountID
	tests := []struct {
		name         string
		method, url  string
		body         string
		status       int
		responseBody string
	}{
		{"unknown enum value", http.MethodPost, accountURL + "/participants", `{"publishPermissions":["SCREEN"]}`, 200, `{}`},
		{"wrong property type", http.MethodPost, accountURL + "/sessions", `{"tag":5}`, 200, `{}`},
		{"missing required participantId", http.MethodPut, accountURL + "/sessions/s/participants/p", `{"participants":[{}]}`, 204, ""},
		{"undocumented path", http.MethodGet, accountURL + "/sessions", "", 200, `[]`},
		{"undocumented method", http.MethodPatch, accountURL + "/sessions/s", `{}`, 200, `{}`},
		{"response of the wrong shape", http.MethodGet, accountURL + "/sessions/s", "", 200, `{"id":5}`},
		{"undocumented response status", http.MethodGet, accountURL + "/participants/p", "", 409, `{"error":"x"}`},
		{"error body of the wrong shape", http.MethodGet, accountURL + "/participants/p", "", 404, `{"error":["x"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mu.Lock()
			complaints = nil
			mu.Unlock()
			server.respond(tt.status, tt.responseBody)

			req, err := http.NewRequestWithContext(t.Context(), tt.method, tt.url, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if tt.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()

			mu.Lock()
			defer mu.Unlock()
			if len(complaints) == 0 {
				t.Error("the conformance server accepted it")
			}
		})
	}
}
