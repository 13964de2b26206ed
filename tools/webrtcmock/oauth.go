package webrtcmock

import (
	"crypto/rand"
	"encoding/base64"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"time"
)

// issueAccessToken is the OAuth2 client-credentials grant (RFC 6749 section 4.4) as Bandwidth's
// token endpoint serves it: client authentication by Basic, or by form fields as RFC 6749
// section 2.3.1 also allows.
func (m *Mock) issueAccessToken(c *call) response {
	form, err := parseForm(c)
	if err != nil {
		return oauthError(http.StatusBadRequest, "invalid_request")
	}
	id, secret, viaBasic := c.r.BasicAuth()
	if !viaBasic {
		id, secret = form.Get("client_id"), form.Get("client_secret")
	}
	if !secureEqual(id, m.opts.ClientID) || !secureEqual(secret, m.opts.ClientSecret) {
		resp := oauthError(http.StatusUnauthorized, "invalid_client")
		if viaBasic {
			resp.header = map[string]string{"WWW-Authenticate": `Basic realm="oauth2"`}
		}
		return resp
	}
	switch form.Get("grant_type") {
	case "client_credentials":
	case "":
		return oauthError(http.StatusBadRequest, "invalid_request")
	default:
		return oauthError(http.StatusBadRequest, "unsupported_grant_type")
	}

	now := m.now()
	m.pruneAccessTokensLocked(now)
	token := randomAccessToken()
	lifetime := m.opts.AccessTokenLifetime
	m.accessTokens[token] = now.Add(lifetime)
	m.issuedAccessTokens = append(m.issuedAccessTokens, token)
	m.counters.accessTokensIssued++
	resp := jsonResponse(http.StatusOK, oauthTokenResponse{
		AccessToken: token,
		TokenType:   "Bearer",
		ExpiresIn:   int64(lifetime / time.Second),
	})
	resp.header = map[string]string{"Cache-Control": "no-store"}
	return resp
}

// IssuedAccessTokens lists every OAuth2 access token the mock has issued, expired ones included,
// in order; Reset does not forget them. Tests use it to prove that no token reached a log.
func (m *Mock) IssuedAccessTokens() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.issuedAccessTokens)
}

func parseForm(c *call) (url.Values, error) {
	mediaType, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if mediaType != "application/x-www-form-urlencoded" {
		return url.Values{}, nil
	}
	return url.ParseQuery(string(c.body))
}

// pruneAccessTokensLocked keeps the token map from growing without bound in long benchmarks.
func (m *Mock) pruneAccessTokensLocked(now time.Time) {
	for token, expiry := range m.accessTokens {
		if !now.Before(expiry) {
			delete(m.accessTokens, token)
		}
	}
}

func randomAccessToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
