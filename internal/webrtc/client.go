package webrtc

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/endpoint"
)

// DefaultBaseURL is the production base URL of the WebRTC API.
const DefaultBaseURL = "https://api.webrtc.bandwidth.com/v1"

// Config configures a Client.
type Config struct {
	// BaseURL defaults to DefaultBaseURL; endpoint.CheckBase says what is accepted. A trailing
	// slash is tolerated.
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

// normalizeBaseURL applies the default and the endpoint rule, and drops trailing slashes.
func normalizeBaseURL(raw string) (string, error) {
	if raw == "" {
		raw = DefaultBaseURL
	}
	if err := endpoint.CheckBase(raw); err != nil {
		return "", fmt.Errorf("webrtc: base URL %w", err)
	}
	return strings.TrimRight(raw, "/"), nil
}
