package webrtc

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// DefaultBaseURL is the production base URL of the WebRTC API.
const DefaultBaseURL = "https://api.webrtc.bandwidth.com/v1"

// Config configures a Client.
type Config struct {
	// BaseURL defaults to DefaultBaseURL; a trailing slash is tolerated.
	BaseURL string
	// AccountID is the Bandwidth account every request is made for. Required.
	AccountID string
	// HTTPClient carries authentication, retries, logging and the user agent.
	// Defaults to http.DefaultClient.
	HTTPClient *http.Client
}

// Client calls the Bandwidth WebRTC HTTP API for one account.
type Client struct {
	baseURL    string // without trailing slash
	accountID  string
	httpClient *http.Client
}

// New validates cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	baseURL, err := normalizeBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(cfg.AccountID) == "" {
		return nil, errors.New("webrtc: account id is required")
	}
	httpClient := cfg.HTTPClient
	if httpClient == nil {
		httpClient = http.DefaultClient
	}
	return &Client{baseURL: baseURL, accountID: cfg.AccountID, httpClient: httpClient}, nil
}

// AccountID returns the account the client acts for.
func (c *Client) AccountID() string { return c.accountID }

func normalizeBaseURL(raw string) (string, error) {
	if raw == "" {
		raw = DefaultBaseURL
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("webrtc: invalid base URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("webrtc: base URL %q must be an absolute http or https URL", raw)
	}
	if u.Host == "" {
		return "", fmt.Errorf("webrtc: base URL %q has no host", raw)
	}
	// Credentials belong in the HTTP client; in the URL they would end up in logs and errors.
	if u.User != nil {
		return "", errors.New("webrtc: base URL must not contain credentials")
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", fmt.Errorf("webrtc: base URL %q must not have a query or fragment", raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}
