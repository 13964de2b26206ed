package webrtcmock

import (
	"crypto/subtle"
	"strings"
)

// authorizedLocked accepts Basic with the API user's credentials or Bearer with an unexpired
// access token from the token endpoint, and only for the mock's own account.
func (m *Mock) authorizedLocked(c *call) bool {
	if c.params.accountID != m.opts.AccountID {
		return false
	}
	scheme, credentials, _ := strings.Cut(c.r.Header.Get("Authorization"), " ")
	switch strings.ToLower(scheme) {
	case "basic":
		user, pass, ok := c.r.BasicAuth()
		return ok && secureEqual(user, m.opts.Username) && secureEqual(pass, m.opts.Password)
	case "bearer":
		expiry, ok := m.accessTokens[strings.TrimSpace(credentials)]
		return ok && m.now().Before(expiry)
	}
	return false
}

func secureEqual(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
