package transport

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/endpoint"
)

const maxRefreshMargin = time.Minute

// oauthCredentials caches one client-credentials access token for all requests. It does not use
// oauth2.ReuseTokenSource because that binds every token request to the context it was built with,
// and cannot drop a token the API has already refused.
type oauthCredentials struct {
	config      clientcredentials.Config
	tokenClient *http.Client
	now         func() time.Time

	// fetching is a one-slot semaphore: one token request in flight, and waiting for it honours
	// each waiter's own context.
	fetching chan struct{}

	mu        sync.Mutex
	token     string
	refreshAt time.Time // zero when the endpoint gave no lifetime
	fetches   uint64
	lastErr   error // failure of the last completed fetch, shared with callers that queued behind it
}

func newOAuthCredentials(c OAuth2Credentials, tokenClient *http.Client, now func() time.Time) (*oauthCredentials, error) {
	if c.ClientID == "" || c.ClientSecret == "" {
		return nil, errors.New("OAuth2 authentication needs both client_id and client_secret")
	}
	tokenURL := c.TokenURL
	if tokenURL == "" {
		tokenURL = DefaultOAuthTokenURL
	}
	if err := endpoint.Check(tokenURL); err != nil {
		return nil, fmt.Errorf("oauth_token_url %w", err)
	}
	return &oauthCredentials{
		config: clientcredentials.Config{
			ClientID:     c.ClientID,
			ClientSecret: c.ClientSecret,
			TokenURL:     tokenURL,
			AuthStyle:    oauth2.AuthStyleInHeader,
		},
		tokenClient: tokenClient,
		now:         now,
		fetching:    make(chan struct{}, 1),
	}, nil
}

func (o *oauthCredentials) authorize(req *http.Request) error {
	token, err := o.validToken(req.Context())
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	return nil
}

func (o *oauthCredentials) rejected(req *http.Request) bool {
	used, ok := strings.CutPrefix(req.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return false
	}
	o.mu.Lock()
	// Another request may already have replaced the refused token; keep the replacement.
	if o.token == used {
		o.token = ""
	}
	o.mu.Unlock()
	tflog.Debug(req.Context(), "Bandwidth API refused the OAuth2 access token; fetching a new one and sending the request once more")
	return true
}

func (o *oauthCredentials) secrets() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return []string{o.config.ClientSecret, o.token}
}

func (o *oauthCredentials) validToken(ctx context.Context) (string, error) {
	o.mu.Lock()
	token, seen := o.cachedLocked(), o.fetches
	o.mu.Unlock()
	if token != "" {
		return token, nil
	}

	select {
	case o.fetching <- struct{}{}:
	case <-ctx.Done():
		return "", &tokenRequestError{tokenURL: o.config.TokenURL, err: ctx.Err()}
	}
	defer func() { <-o.fetching }()

	o.mu.Lock()
	token, lastErr := o.cachedLocked(), o.lastErr
	failedWhileWaiting := o.fetches != seen && lastErr != nil
	o.mu.Unlock()
	if token != "" {
		return token, nil
	}
	if failedWhileWaiting {
		// Repeating a request the endpoint just refused would only hammer it.
		return "", lastErr
	}

	fetched, err := o.config.Token(context.WithValue(ctx, oauth2.HTTPClient, o.tokenClient))
	if err != nil {
		err = newTokenRequestError(o.config.TokenURL, err)
	}

	o.mu.Lock()
	defer o.mu.Unlock()
	o.fetches++
	o.lastErr = nil
	if err != nil {
		// A fetch cut short by its caller's context says nothing about the next caller's chances.
		if ctx.Err() == nil {
			o.lastErr = err
		}
		return "", err
	}
	o.token = fetched.AccessToken
	o.refreshAt = refreshTime(o.now(), fetched.Expiry)
	tflog.Debug(ctx, "Bandwidth OAuth2 access token fetched", map[string]any{"valid_until": fetched.Expiry.Format(time.RFC3339)})
	return o.token, nil
}

func (o *oauthCredentials) cachedLocked() string {
	if o.token == "" || (!o.refreshAt.IsZero() && !o.now().Before(o.refreshAt)) {
		return ""
	}
	return o.token
}

// refreshTime renews a token shortly before it expires, so that a request in flight never
// carries a token that lapses on the way. expiry is on the wall clock the oauth2 package used;
// the lifetime it leaves is carried over to o.now's clock.
func refreshTime(now, expiry time.Time) time.Time {
	if expiry.IsZero() {
		return time.Time{}
	}
	lifetime := time.Until(expiry)
	return now.Add(lifetime - min(lifetime/10, maxRefreshMargin))
}

// ErrOAuth2Token matches (errors.Is) every failure to get an OAuth2 access token. The API request
// that needed the token was not sent.
var ErrOAuth2Token = errors.New("no OAuth2 access token")

// tokenRequestError explains a failed token request without repeating the endpoint's raw body,
// which could echo what was sent.
type tokenRequestError struct {
	tokenURL    string
	status      int // 0 when no HTTP answer arrived
	code        string
	description string
	err         error
}

func newTokenRequestError(tokenURL string, err error) *tokenRequestError {
	e := &tokenRequestError{tokenURL: tokenURL, err: err}
	var retrieve *oauth2.RetrieveError
	if errors.As(err, &retrieve) && retrieve.Response != nil {
		e.status = retrieve.Response.StatusCode
		e.code = retrieve.ErrorCode
		e.description = retrieve.ErrorDescription
	}
	return e
}

func (e *tokenRequestError) Error() string {
	if e.status == 0 {
		if errors.Is(e.err, context.Canceled) || errors.Is(e.err, context.DeadlineExceeded) {
			return fmt.Sprintf("OAuth2 token request to %s did not complete: %v", e.tokenURL, e.err)
		}
		return fmt.Sprintf("OAuth2 token request to %s failed: %v; check oauth_token_url and that the endpoint is reachable", e.tokenURL, e.err)
	}
	answer := fmt.Sprintf("HTTP %d", e.status)
	if e.code != "" {
		answer += " " + e.code
	}
	if e.description != "" {
		answer += " (" + e.description + ")"
	}
	advice := "check client_id and client_secret, and oauth_token_url if you set it"
	if e.retryable() {
		advice = "the token endpoint is busy or unavailable; try again later"
	}
	return fmt.Sprintf("OAuth2 token request to %s failed: %s; %s", e.tokenURL, answer, advice)
}

func (e *tokenRequestError) Unwrap() error { return e.err }

func (e *tokenRequestError) Is(target error) bool { return target == ErrOAuth2Token }

func (e *tokenRequestError) retryable() bool {
	return e.status == 0 || e.status == http.StatusTooManyRequests || e.status >= 500
}
