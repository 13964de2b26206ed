package explorer

import (
	"regexp"
	"strings"
)

// jwtPattern matches a JWT (participant tokens, OAuth2 access tokens if they were JWTs).
var jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`)

// redact masks tokens and credentials in text meant for test output.
func redact(text string, secrets ...string) string {
	text = jwtPattern.ReplaceAllString(text, "<redacted-token>")
	for _, s := range secrets {
		if s != "" {
			text = strings.ReplaceAll(text, s, "<redacted>")
		}
	}
	return text
}
