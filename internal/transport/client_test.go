package transport

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const testUserAgent = "terraform-provider-bandwidth/test (+Terraform 1.9.0)"

// testOptions retries quickly; each test overrides what it exercises.
func testOptions() Options {
	return Options{
		Basic:        &BasicCredentials{Username: "api-user", Password: "basic-password-value"},
		MaxRetries:   3,
		UserAgent:    testUserAgent,
		RetryWaitMin: time.Millisecond,
		RetryWaitMax: 5 * time.Millisecond,
	}
}

func newTestClient(t *testing.T, opts Options) *http.Client {
	t.Helper()
	client, err := NewHTTPClient(opts)
	if err != nil {
		t.Fatalf("NewHTTPClient: %v", err)
	}
	t.Cleanup(client.CloseIdleConnections)
	return client
}

// countingServer answers with handle, numbering the hits from 1.
func countingServer(t *testing.T, handle func(hit int32, w http.ResponseWriter, r *http.Request)) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handle(hits.Add(1), w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func do(t *testing.T, client *http.Client, ctx context.Context, method, url, body string) (*http.Response, string, error) {
	t.Helper()
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, reader)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading body: %v", err)
	}
	return resp, string(b), nil
}

func TestNewHTTPClientRejectsBadOptions(t *testing.T) {
	basic := &BasicCredentials{Username: "u", Password: "p"}
	oauth := &OAuth2Credentials{ClientID: "id", ClientSecret: "oauth-secret-value"}
	cases := map[string]struct {
		opts    Options
		wantErr string
	}{
		"no credentials":          {opts: Options{}, wantErr: "no Bandwidth API credentials"},
		"both credentials":        {opts: Options{Basic: basic, OAuth2: oauth}, wantErr: "not both"},
		"empty password":          {opts: Options{Basic: &BasicCredentials{Username: "u"}}, wantErr: "username and password"},
		"empty client secret":     {opts: Options{OAuth2: &OAuth2Credentials{ClientID: "id"}}, wantErr: "client_id and client_secret"},
		"cleartext token url":     {opts: Options{OAuth2: &OAuth2Credentials{ClientID: "id", ClientSecret: "s", TokenURL: "http://example.com/token"}}, wantErr: "oauth_token_url"},
		"negative retries":        {opts: Options{Basic: basic, MaxRetries: -1}, wantErr: "max_retries"},
		"negative timeout":        {opts: Options{Basic: basic, RequestTimeout: -time.Second}, wantErr: "timeout"},
		"wait min above wait max": {opts: Options{Basic: basic, RetryWaitMin: time.Minute, RetryWaitMax: time.Second}, wantErr: "larger than the maximum"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := NewHTTPClient(tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("want error containing %q, got %v", tc.wantErr, err)
			}
		})
	}
	if _, err := NewHTTPClient(Options{OAuth2: oauth}); err != nil {
		t.Fatalf("OAuth2 with the default token URL: %v", err)
	}
}

func TestBasicAuthAndUserAgent(t *testing.T) {
	t.Parallel()
	srv, _ := countingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if !ok || user != "api-user" || pass != "basic-password-value" {
			t.Errorf("basic auth = %q, %q, %v", user, pass, ok)
		}
		if got := r.Header.Get("User-Agent"); got != testUserAgent {
			t.Errorf("User-Agent = %q", got)
		}
		w.WriteHeader(http.StatusNoContent)
	})
	resp, _, err := do(t, newTestClient(t, testOptions()), context.Background(), http.MethodGet, srv.URL+"/v1/accounts/1/sessions", "")
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("got %v, %v", resp, err)
	}
}

func TestCredentialsNeverSentInClearTextToRemoteHosts(t *testing.T) {
	t.Parallel()
	var sent atomic.Bool
	base := roundTripFunc(func(*http.Request) (*http.Response, error) {
		sent.Store(true)
		return nil, io.EOF
	})
	opts := testOptions()
	opts.Base = base
	_, _, err := do(t, newTestClient(t, opts), context.Background(), http.MethodGet, "http://example.com/v1", "")
	if err == nil || !strings.Contains(err.Error(), "clear text") {
		t.Fatalf("want a clear-text refusal, got %v", err)
	}
	if sent.Load() {
		t.Fatal("the request reached the base transport")
	}
}

func TestRedirectToAnotherHostIsNotFollowed(t *testing.T) {
	t.Parallel()
	elsewhere, elsewhereHits := countingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {})
	// Same loopback address, different port: a different origin.
	srv, _ := countingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+"/steal", http.StatusTemporaryRedirect)
	})
	resp, _, err := do(t, newTestClient(t, testOptions()), context.Background(), http.MethodGet, srv.URL+"/v1", "")
	if err != nil || resp.StatusCode != http.StatusTemporaryRedirect {
		t.Fatalf("want the 307 itself, got %v, %v", resp, err)
	}
	if elsewhereHits.Load() != 0 {
		t.Fatal("credentials followed a redirect to another origin")
	}
}

func TestParallelCallsReuseConnections(t *testing.T) {
	t.Parallel()
	var opened atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		time.Sleep(time.Millisecond)
		_, _ = io.WriteString(w, `{}`)
	}))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)

	client := newTestClient(t, testOptions())
	// Bursts leave every connection idle at once between rounds: the pool must keep them all.
	const workers, rounds = 20, 5
	for range rounds {
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				if _, _, err := do(t, client, context.Background(), http.MethodGet, srv.URL, ""); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	if n := opened.Load(); n > 2*workers {
		t.Fatalf("%d connections opened for %d rounds of %d parallel calls: idle connections are not kept", n, rounds, workers)
	}
}

func TestFailedCallsKeepTheConnectionPool(t *testing.T) {
	t.Parallel()
	var opened atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/busy" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)

	opts := testOptions()
	opts.MaxRetries = 1
	client := newTestClient(t, opts)
	for _, path := range []string{"/ok", "/busy", "/ok"} {
		if _, _, err := do(t, client, context.Background(), http.MethodGet, srv.URL+path, ""); err != nil {
			t.Fatal(err)
		}
	}
	if n := opened.Load(); n != 1 {
		t.Fatalf("%d connections opened: a failed call emptied the idle pool", n)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
