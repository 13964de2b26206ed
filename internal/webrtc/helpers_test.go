package webrtc

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

const testAccountID = "9900000"

// recordedRequest is what the stub server saw of one request.
type recordedRequest struct {
	Method      string
	Path        string // escaped, as on the wire
	Accept      string
	ContentType string
	Body        string
}

// stubResponse is what the stub server answers.
type stubResponse struct {
	Status int
	Header map[string]string
	Body   string
}

// stubServer answers every request with one canned response and records the requests.
type stubServer struct {
	mu       sync.Mutex
	requests []recordedRequest
	response stubResponse
}

func (s *stubServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.requests = append(s.requests, recordedRequest{
		Method:      r.Method,
		Path:        r.URL.EscapedPath(),
		Accept:      r.Header.Get("Accept"),
		ContentType: r.Header.Get("Content-Type"),
		Body:        string(body),
	})
	resp := s.response
	s.mu.Unlock()

	for k, v := range resp.Header {
		w.Header().Set(k, v)
	}
	if resp.Body != "" && w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(resp.Status)
	_, _ = io.WriteString(w, resp.Body)
}

func (s *stubServer) recorded() []recordedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recordedRequest(nil), s.requests...)
}

// newStubClient starts a stub server answering resp and returns a client pointed at it.
func newStubClient(t *testing.T, resp stubResponse) (*Client, *stubServer) {
	t.Helper()
	stub := &stubServer{response: resp}
	srv := httptest.NewServer(stub)
	t.Cleanup(srv.Close)
	return newTestClient(t, srv.URL+"/v1"), stub
}

func newTestClient(t *testing.T, baseURL string) *Client {
	t.Helper()
	c, err := New(Config{BaseURL: baseURL, AccountID: testAccountID})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func ptr[T any](v T) *T { return &v }
