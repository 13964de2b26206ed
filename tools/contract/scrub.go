package contract

import (
	"regexp"
	"strings"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/secrets"
)

const maxProblem = 600 // runes of one violation's description

var whitespace = regexp.MustCompile(`\s+`)

// describe renders a validation error on one line, scrubbed and cut short. The schema errors
// already carry no values (DisableSchemaErrorDetails); this is the second line of defence against
// a decoder or a future kin-openapi quoting what it read.
func describe(err error) string {
	return scrub(whitespace.ReplaceAllString(err.Error(), " "))
}

// scrub masks credentials (secrets.Redact: JWTs, Basic and Bearer credentials, token,
// password and secret values) and limits the length.
func scrub(s string) string {
	s = secrets.Redact(s)
	if r := []rune(s); len(r) > maxProblem {
		s = string(r[:maxProblem]) + "..."
	}
	return strings.TrimSpace(s)
}
