package transport

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/endpoint"
)

// authorizer attaches one kind of credentials to API requests.
type authorizer interface {
	authorize(req *http.Request) error
	// rejected is told that the API answered 401 to req; true means fresh credentials may succeed.
	rejected(req *http.Request) bool
	// secrets are the values that must never appear in a log.
	secrets() []string
}

func newAuthorizer(opts Options, base http.RoundTripper) (authorizer, error) {
	if opts.Basic != nil {
		if opts.Basic.Username == "" || opts.Basic.Password == "" {
			return nil, errors.New("basic authentication needs both username and password")
		}
		return &basicAuth{username: opts.Basic.Username, password: opts.Basic.Password}, nil
	}
	tokenClient := &http.Client{Transport: &authTransport{next: base, userAgent: opts.UserAgent}}
	return newOAuthCredentials(*opts.OAuth2, tokenClient, opts.now)
}

// authTransport sets the User-Agent and, when creds is set, the Authorization header. A request
// whose credentials the API rejects with 401 is sent once more if creds can offer fresh ones: a 401
// means the API did nothing, so resending is safe for every method.
type authTransport struct {
	next      http.RoundTripper
	userAgent string
	creds     authorizer
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	out, err := t.prepare(req, req.Body)
	if err != nil {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, err
	}
	resp, err := t.next.RoundTrip(out)
	if err != nil || resp.StatusCode != http.StatusUnauthorized || t.creds == nil || !t.creds.rejected(out) {
		return resp, err
	}
	body, ok := freshBody(req)
	if !ok {
		return resp, nil
	}
	discard(resp)
	again, err := t.prepare(req, body)
	if err != nil {
		if body != nil {
			_ = body.Close()
		}
		return nil, err
	}
	return t.next.RoundTrip(again)
}

func (t *authTransport) prepare(req *http.Request, body io.ReadCloser) (*http.Request, error) {
	out := req.Clone(req.Context())
	out.Body = body
	if t.userAgent != "" {
		out.Header.Set("User-Agent", t.userAgent)
	}
	if t.creds == nil {
		return out, nil
	}
	if out.URL.Scheme != "https" && !endpoint.IsLoopbackHost(out.URL.Hostname()) {
		return nil, &cleartextError{host: out.URL.Host}
	}
	if err := t.creds.authorize(out); err != nil {
		return nil, err
	}
	return out, nil
}

// freshBody returns an unread copy of req's body, if one can be had.
func freshBody(req *http.Request) (io.ReadCloser, bool) {
	if req.Body == nil || req.Body == http.NoBody {
		return req.Body, true
	}
	if req.GetBody == nil {
		return nil, false
	}
	body, err := req.GetBody()
	return body, err == nil
}

// discard drains a response we will not return, so its connection can be reused.
func discard(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}

// cleartextError stops credentials from leaving over plain http to anything but loopback, even if a
// base URL slipped past endpoint.Check.
type cleartextError struct{ host string }

func (e *cleartextError) Error() string {
	return fmt.Sprintf("refusing to send Bandwidth credentials in clear text to %s: use an https:// URL (http:// is only for loopback hosts)", e.host)
}

func (e *cleartextError) retryable() bool { return false }

type basicAuth struct {
	username string
	password string
}

func (b *basicAuth) authorize(req *http.Request) error {
	req.SetBasicAuth(b.username, b.password)
	return nil
}

func (b *basicAuth) rejected(*http.Request) bool { return false }

func (b *basicAuth) secrets() []string {
	return []string{b.password, base64.StdEncoding.EncodeToString([]byte(b.username + ":" + b.password))}
}
