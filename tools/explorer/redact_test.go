package explorer

import (
	"strings"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/secrets"
)

// redact masks tokens, and the given credentials, in text meant for test output.
func redact(text string, credentials ...string) string {
	text = secrets.JWT.ReplaceAllString(text, "<redacted-token>")
	for _, s := range credentials {
		if s != "" {
			text = strings.ReplaceAll(text, s, "<redacted>")
		}
	}
	return text
}
