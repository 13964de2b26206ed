package contract

import (
	"regexp"
	"strings"
)

const (
	maxProblem = 600 // runes of one violation's description
	redacted   = "***"
)

var (
	jwtPattern        = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`)
	credentialPattern = regexp.MustCompile(`(?i)\b(bearer|basic)(\s+)[A-Za-z0-9._~+/-]{8,}=*`)
	secretPairPattern = regexp.MustCompile(`(?i)"?\b(token|access_token|password|client_secret|secret)"?(\s*[:=]\s*)("(?:[^"\\]|\\.)*"?|[^\s&,;"]+)`)
	whitespace        = regexp.MustCompile(`\s+`)
)

// describe renders a validation error on one line, scrubbed and cut short. The schema errors
// already carry no values (DisableSchemaErrorDetails); this is the second line of defence against
// a decoder or a future kin-openapi quoting what it read.
func describe(err error) string {
	return scrub(whitespace.ReplaceAllString(err.Error(), " "))
}

// scrub masks JWTs (participant tokens), Basic and Bearer credentials and the values of
// token, password and secret keys, and limits the length.
func scrub(s string) string {
	s = jwtPattern.ReplaceAllString(s, redacted)
	s = credentialPattern.ReplaceAllString(s, "${1}${2}"+redacted)
	s = secretPairPattern.ReplaceAllString(s, "${1}${2}"+redacted)
	if r := []rune(s); len(r) > maxProblem {
		s = string(r[:maxProblem]) + "..."
	}
	return strings.TrimSpace(s)
}
