// Package transport builds the provider's one *http.Client: credentials, user agent, per-attempt
// timeouts, retries that never duplicate a create, and logging that never leaks a secret.
package transport

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// DefaultOAuthTokenURL is Bandwidth's OAuth2 client-credentials token endpoint.
const DefaultOAuthTokenURL = "https://api.bandwidth.com/api/v1/oauth2/token"

const (
	defaultRetryWaitMin = 1 * time.Second
	defaultRetryWaitMax = 30 * time.Second
	minIdleConnsPerHost = 32
)

// BasicCredentials are a legacy Bandwidth API user's username and password.
type BasicCredentials struct {
	Username string
	Password string
}

// OAuth2Credentials are Bandwidth API credentials for the client-credentials grant.
// An empty TokenURL means DefaultOAuthTokenURL.
type OAuth2Credentials struct {
	ClientID     string
	ClientSecret string
	TokenURL     string
}

// Options configure NewHTTPClient. Exactly one of Basic and OAuth2 must be set.
type Options struct {
	Basic  *BasicCredentials
	OAuth2 *OAuth2Credentials

	// MaxRetries is the number of retries after the first attempt; 0 disables retries.
	MaxRetries int
	// RequestTimeout bounds each attempt, not the whole retried call; 0 means no bound.
	RequestTimeout time.Duration
	// UserAgent is the full User-Agent header value.
	UserAgent string
	// RetryWaitMin and RetryWaitMax bound the backoff between attempts; 0 means 1s and 30s.
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	// Base sends the requests; nil means a clone of http.DefaultTransport tuned for parallel calls.
	Base http.RoundTripper

	// now lets tests move the token cache's clock; nil means time.Now.
	now func() time.Time
}

// NewHTTPClient returns the client every Bandwidth API call must go through. Its layers, outermost
// first: retries (retryTransport), a log line per attempt (loggingTransport), the attempt itself
// (attemptTransport: its time bound, user agent and credentials, the request trace), Base.
// Credentials are set in each attempt so that every attempt carries a currently valid token.
func NewHTTPClient(opts Options) (*http.Client, error) {
	if err := validateOptions(&opts); err != nil {
		return nil, err
	}
	base := opts.Base
	if base == nil {
		base = defaultBase()
	}

	creds, err := newAuthorizer(opts, base)
	if err != nil {
		return nil, err
	}
	attempt := &loggingTransport{
		next:    &attemptTransport{next: base, userAgent: opts.UserAgent, creds: creds, timeout: opts.RequestTimeout},
		secrets: creds.secrets,
	}
	retrying := &retryablehttp.Client{
		HTTPClient: &http.Client{
			Transport: attempt,
			// Redirects are the outer client's business, so that each hop is retried as a whole.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		Logger:         nil,
		RetryWaitMin:   opts.RetryWaitMin,
		RetryWaitMax:   opts.RetryWaitMax,
		RetryMax:       opts.MaxRetries,
		RequestLogHook: recordAttempt,
		CheckRetry:     checkRetry,
		Backoff:        backoff,
		ErrorHandler:   giveUp,
	}
	return &http.Client{
		Transport:     &retryTransport{client: retrying, base: base},
		CheckRedirect: sameOriginRedirectsOnly,
	}, nil
}

func validateOptions(opts *Options) error {
	switch {
	case opts.Basic == nil && opts.OAuth2 == nil:
		return errors.New("no Bandwidth API credentials: set client_id and client_secret (OAuth2), or username and password")
	case opts.Basic != nil && opts.OAuth2 != nil:
		return errors.New("conflicting Bandwidth API credentials: set either client_id and client_secret (OAuth2) or username and password, not both")
	case opts.MaxRetries < 0:
		return fmt.Errorf("max_retries must be 0 or more, got %d", opts.MaxRetries)
	case opts.RequestTimeout < 0:
		return fmt.Errorf("request timeout must be 0 (none) or positive, got %s", opts.RequestTimeout)
	}
	if opts.RetryWaitMin <= 0 {
		opts.RetryWaitMin = defaultRetryWaitMin
	}
	if opts.RetryWaitMax <= 0 {
		opts.RetryWaitMax = defaultRetryWaitMax
	}
	if opts.RetryWaitMin > opts.RetryWaitMax {
		return fmt.Errorf("retry wait minimum %s is larger than the maximum %s", opts.RetryWaitMin, opts.RetryWaitMax)
	}
	if opts.now == nil {
		opts.now = time.Now
	}
	return nil
}

func defaultBase() *http.Transport {
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.DisableKeepAlives = false
	// Terraform runs 10 operations in parallel by default; each must find an idle connection.
	base.MaxIdleConnsPerHost = max(base.MaxIdleConnsPerHost, minIdleConnsPerHost)
	base.MaxIdleConns = max(base.MaxIdleConns, minIdleConnsPerHost)
	return base
}

// sameOriginRedirectsOnly stops before a redirect leaves the origin the credentials were meant for:
// the credential layer would otherwise sign the request to the new host too.
func sameOriginRedirectsOnly(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	first := via[0].URL
	if req.URL.Scheme != first.Scheme || req.URL.Host != first.Host {
		return http.ErrUseLastResponse
	}
	return nil
}
