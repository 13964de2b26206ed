package transport

import (
	"encoding/base64"
	"errors"
	"net/http"
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
	tokenClient := &http.Client{Transport: &userAgentTransport{next: base, userAgent: opts.UserAgent}}
	return newOAuthCredentials(*opts.OAuth2, tokenClient, opts.now)
}

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
