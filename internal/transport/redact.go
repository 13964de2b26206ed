package transport

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
)

const redacted = "***"

// sensitiveKeys are the keys whose values never reach a log, compared after normalizeKey.
var sensitiveKeys = map[string]bool{
	"token":        true,
	"accesstoken":  true,
	"refreshtoken": true,
	"idtoken":      true,
	"password":     true,
	"clientsecret": true,
}

var (
	jwtPattern    = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`)
	bearerPattern = regexp.MustCompile(`(?i)\bbearer\s+[A-Za-z0-9._~+/-]+=*`)
	// Key-value pairs in text that is not whole JSON, such as a body cut at maxLoggedBody or a form.
	quotedPairPattern = regexp.MustCompile(`"([A-Za-z_-]+)"(\s*:\s*)"(?:[^"\\]|\\.)*"?`)
	formPairPattern   = regexp.MustCompile(`\b([A-Za-z_-]+)=[^&\s]*`)
)

// RedactBody returns a copy of an HTTP body that is safe to log. The values of credential keys
// (token, access_token, refresh_token, id_token, password, client_secret, in any case or camelCase,
// at any depth) are masked, in JSON, in JSON cut short and in form encoding; so are JWTs and bearer
// tokens anywhere.
func RedactBody(b []byte) []byte {
	if len(bytes.TrimSpace(b)) == 0 {
		return b
	}
	if !json.Valid(b) {
		return []byte(redactText(string(b)))
	}
	decoder := json.NewDecoder(bytes.NewReader(b))
	decoder.UseNumber()
	var document any
	if err := decoder.Decode(&document); err != nil {
		return []byte(redacted)
	}
	var out bytes.Buffer
	encoder := json.NewEncoder(&out)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(redactJSON(document)); err != nil {
		return []byte(redacted)
	}
	return bytes.TrimSuffix(out.Bytes(), []byte("\n"))
}

func redactJSON(value any) any {
	switch v := value.(type) {
	case map[string]any:
		for key, inner := range v {
			if sensitiveKeys[normalizeKey(key)] && inner != nil {
				v[key] = redacted
			} else {
				v[key] = redactJSON(inner)
			}
		}
	case []any:
		for i, inner := range v {
			v[i] = redactJSON(inner)
		}
	case string:
		return redactText(v)
	}
	return value
}

func redactText(s string) string {
	s = jwtPattern.ReplaceAllString(s, redacted)
	s = bearerPattern.ReplaceAllString(s, "Bearer "+redacted)
	s = maskSensitivePairs(s, quotedPairPattern, func(m []string) string { return `"` + m[1] + `"` + m[2] + `"` + redacted + `"` })
	return maskSensitivePairs(s, formPairPattern, func(m []string) string { return m[1] + "=" + redacted })
}

// maskSensitivePairs rewrites each match of pattern whose first group is a sensitive key.
func maskSensitivePairs(s string, pattern *regexp.Regexp, mask func(match []string) string) string {
	return pattern.ReplaceAllStringFunc(s, func(pair string) string {
		match := pattern.FindStringSubmatch(pair)
		if !sensitiveKeys[normalizeKey(match[1])] {
			return pair
		}
		return mask(match)
	})
}

// keySeparators is built once: building a Replacer per key was most of RedactBody's cost.
var keySeparators = strings.NewReplacer("_", "", "-", "")

func normalizeKey(key string) string {
	return keySeparators.Replace(strings.ToLower(key))
}
