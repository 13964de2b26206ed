package vcr

import (
	"fmt"
	"net/url"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
)

// Info is what a replay needs to know about a cassette to configure the provider like the
// recording was: where the API and the token endpoint were, path-wise.
type Info struct {
	Interactions int
	// APIPrefix is the base URL path before /accounts/, "/v1" for Bandwidth and the mock.
	APIPrefix string
	// TokenPath is the path of the OAuth2 token endpoint; empty when the recording used Basic auth.
	TokenPath string
}

// Describe reads a cassette (name without ".yaml").
func Describe(name string) (Info, error) {
	c, err := cassette.Load(name)
	if err != nil {
		return Info{}, fmt.Errorf("vcr: load %s.yaml: %w", name, err)
	}
	info := Info{Interactions: len(c.Interactions)}
	for _, i := range c.Interactions {
		u, err := url.Parse(i.Request.URL)
		if err != nil {
			continue
		}
		if prefix, _, ok := strings.Cut(u.Path, "/accounts/"); ok && info.APIPrefix == "" {
			info.APIPrefix = prefix
		}
		if info.TokenPath == "" && (i.Request.Form.Get("grant_type") != "" || strings.Contains(i.Request.Body, "grant_type=")) {
			info.TokenPath = u.Path
		}
	}
	if info.APIPrefix == "" {
		return info, fmt.Errorf("vcr: %s.yaml holds no request below /accounts/", name)
	}
	return info, nil
}
