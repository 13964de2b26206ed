package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testClientID     = "client-id-value"
	testClientSecret = "client-secret-value"
)

// issueTokens is a token endpoint handler that checks the client's request and issues token-<hit>.
func issueTokens(t *testing.T, expiresIn int) func(int32, http.ResponseWriter, *http.Request) {
	return func(hit int32, w http.ResponseWriter, r *http.Request) {
		id, secret, ok := r.BasicAuth()
		if !ok || id != testClientID || secret != testClientSecret {
			t.Errorf("token request client auth = %q, %q, %v", id, secret, ok)
		}
		if got := r.Header.Get("User-Agent"); got != testUserAgent {
			t.Errorf("token request User-Agent = %q", got)
		}
		if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" {
			t.Errorf("token request form = %v, %v", r.PostForm, err)
		}
		time.Sleep(20 * time.Millisecond) // lets concurrent callers pile up behind the first fetch
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"access_token":"token-%d","token_type":"Bearer","expires_in":%d}`, hit, expiresIn)
	}
}

func oauthOptions(tokenURL string) Options {
	opts := testOptions()
	opts.Basic = nil
	opts.OAuth2 = &OAuth2Credentials{ClientID: testClientID, ClientSecret: testClientSecret, TokenURL: tokenURL}
	return opts
}

// bearerOf returns the token an API request carried.
func bearerOf(t *testing.T, r *http.Request) string {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		t.Errorf("Authorization %q is not a bearer token", r.Header.Get("Authorization"))
	}
	return token
}

func TestOAuthOneTokenFetchForConcurrentCalls(t *testing.T) {
	t.Parallel()
	tokens, tokenHits := countingServer(t, issueTokens(t, 3600))
	api, apiHits := countingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		if token := bearerOf(t, r); token != "token-1" {
			t.Errorf("bearer %q, want token-1", token)
		}
		if got := r.Header.Get("User-Agent"); got != testUserAgent {
			t.Errorf("User-Agent = %q", got)
		}
	})
	client := newTestClient(t, oauthOptions(tokens.URL))
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if resp, _, err := do(t, client, context.Background(), http.MethodGet, api.URL, ""); err != nil || resp.StatusCode != http.StatusOK {
				t.Errorf("got %v, %v", resp, err)
			}
		})
	}
	wg.Wait()
	if n := tokenHits.Load(); n != 1 {
		t.Fatalf("%d token requests for 20 concurrent calls, want 1", n)
	}
	if n := apiHits.Load(); n != 20 {
		t.Fatalf("%d API hits, want 20", n)
	}
}

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestOAuthTokenRefreshedBeforeExpiry(t *testing.T) {
	t.Parallel()
	tokens, tokenHits := countingServer(t, issueTokens(t, 60))
	var mu sync.Mutex
	var seen []string
	api, _ := countingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, bearerOf(t, r))
	})
	clock := &fakeClock{now: time.Now()}
	opts := oauthOptions(tokens.URL)
	opts.now = clock.Now
	client := newTestClient(t, opts)

	call := func() {
		if _, _, err := do(t, client, context.Background(), http.MethodGet, api.URL, ""); err != nil {
			t.Fatal(err)
		}
	}
	call()
	clock.Advance(30 * time.Second)
	call() // well within the 60s lifetime: cached
	clock.Advance(25 * time.Second)
	call() // 55s: inside the refresh margin, so renewed before it can lapse in flight
	if got := strings.Join(seen, ","); got != "token-1,token-1,token-2" {
		t.Fatalf("bearers sent: %s", got)
	}
	if n := tokenHits.Load(); n != 2 {
		t.Fatalf("%d token requests, want 2", n)
	}
}

func TestOAuthRevokedTokenRefreshedAndRequestResentOnce(t *testing.T) {
	t.Parallel()
	tokens, tokenHits := countingServer(t, issueTokens(t, 3600))
	api, apiHits := countingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		if b, _ := io.ReadAll(r.Body); string(b) != `{"tag":"t"}` {
			t.Errorf("body %q: the resent request must carry the whole body", b)
		}
		if bearerOf(t, r) == "token-1" {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"message":"Unauthorized"}`)
			return
		}
		w.WriteHeader(http.StatusCreated)
	})
	opts := oauthOptions(tokens.URL)
	opts.MaxRetries = 0 // the resend belongs to the credentials, not to the retry budget
	resp, _, err := do(t, newTestClient(t, opts), context.Background(), http.MethodPost, api.URL, `{"tag":"t"}`)
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("got %v, %v", resp, err)
	}
	if tokenHits.Load() != 2 || apiHits.Load() != 2 {
		t.Fatalf("token hits %d, API hits %d; want 2 and 2", tokenHits.Load(), apiHits.Load())
	}
}

func TestOAuthPersistent401IsResentOnlyOnce(t *testing.T) {
	t.Parallel()
	tokens, tokenHits := countingServer(t, issueTokens(t, 3600))
	api, apiHits := countingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"message":"Unauthorized"}`)
	})
	resp, body, err := do(t, newTestClient(t, oauthOptions(tokens.URL)), context.Background(), http.MethodGet, api.URL, "")
	if err != nil || resp.StatusCode != http.StatusUnauthorized || body != `{"message":"Unauthorized"}` {
		t.Fatalf("got %v, %q, %v", resp, body, err)
	}
	if tokenHits.Load() != 2 || apiHits.Load() != 2 {
		t.Fatalf("token hits %d, API hits %d; want 2 and 2", tokenHits.Load(), apiHits.Load())
	}
}

func TestOAuthTokenEndpointRefusalIsClearAndNotRetried(t *testing.T) {
	t.Parallel()
	tokens, tokenHits := countingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"error":"invalid_client","error_description":"Client authentication failed"}`)
	})
	api, apiHits := countingServer(t, func(int32, http.ResponseWriter, *http.Request) {})
	_, _, err := do(t, newTestClient(t, oauthOptions(tokens.URL)), context.Background(), http.MethodGet, api.URL, "")
	if err == nil {
		t.Fatal("want an error")
	}
	msg := err.Error()
	for _, want := range []string{"OAuth2 token request", tokens.URL, "401", "invalid_client", "Client authentication failed", "client_id and client_secret", "oauth_token_url"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	if strings.Contains(msg, testClientSecret) {
		t.Errorf("error reveals the client secret: %q", msg)
	}
	if !errors.Is(err, ErrOAuth2Token) {
		t.Errorf("errors.Is(%v, ErrOAuth2Token) = false", err)
	}
	if tokenHits.Load() != 1 || apiHits.Load() != 0 {
		t.Fatalf("token hits %d, API hits %d; want 1 and 0", tokenHits.Load(), apiHits.Load())
	}
}

func TestOAuthTokenEndpointOutageRetriedEvenForPost(t *testing.T) {
	t.Parallel()
	issue := issueTokens(t, 3600)
	tokens, _ := countingServer(t, func(hit int32, w http.ResponseWriter, r *http.Request) {
		if hit == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		issue(hit, w, r)
	})
	api, apiHits := countingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusCreated)
	})
	resp, _, err := do(t, newTestClient(t, oauthOptions(tokens.URL)), context.Background(), http.MethodPost, api.URL, `{}`)
	if err != nil || resp.StatusCode != http.StatusCreated || apiHits.Load() != 1 {
		t.Fatalf("got %v, %v after %d API hits", resp, err, apiHits.Load())
	}
}

func TestOAuthWaitForTokenHonoursContext(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	tokens, _ := countingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	t.Cleanup(func() { close(release) })
	api, _ := countingServer(t, func(int32, http.ResponseWriter, *http.Request) {})
	client := newTestClient(t, oauthOptions(tokens.URL))

	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			start := time.Now()
			if _, _, err := do(t, client, ctx, http.MethodGet, api.URL, ""); err == nil {
				t.Error("want an error")
			}
			if elapsed := time.Since(start); elapsed > 2*time.Second {
				t.Errorf("returned %s after its deadline", elapsed)
			}
		})
	}
	wg.Wait()
}
