// Package secrets masks credentials in text the provider passes on but did not write itself:
// HTTP bodies logged at TRACE, API and proxy error bodies, contract violations. It is the one
// place that knows what a credential looks like, and it imports only the standard library, so
// that the API client can use it without the Terraform libraries.
package secrets

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
)

const masked = "***"

// credentialKeys are the keys whose values are masked, compared in lower case without _ and -,
// so that token, Access_Token, refreshToken, CLIENT-SECRET and api-key all count. So are the
// values of headers whose name ends in Authorization; in text they run to the end of the line.
var credentialKeys = map[string]bool{
	"token": true, "accesstoken": true, "refreshtoken": true, "idtoken": true,
	"password": true, "passwd": true, "clientsecret": true, "secret": true, "apikey": true,
}

// JWT matches a JSON Web Token: a JSON header in base64url ("eyJ" is `{"`), a payload and a
// signature, which may be empty. It is exported for the tools that scan recorded fixtures.
var JWT = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`)

var (
	// dottedToken is a JWT or a token of the same shape with long segments, such as a JWT whose
	// header is not compact JSON.
	dottedToken      = regexp.MustCompile(JWT.String() + `|\b[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]*`)
	schemeCredential = regexp.MustCompile(`(?i)\b(bearer|basic)(\s+)([A-Za-z0-9._~+/-]+=*)`)
	// pairKey is a key and what separates it from its value: `token=`, `"password" : `,
	// `Authorization: `. It leaves the value out, so that a pair inside the value of another
	// key (`error:password=x`, a URL's query) is still found.
	pairKey = regexp.MustCompile(`\b([A-Za-z][A-Za-z_-]*)"?\s*[:=]\s*`)
	// pairValue is the value after a key: quoted (the closing quote may be cut off), or up to a
	// space or one of & , ; " ' < >. A header's value runs to the end of its line.
	pairValue     = regexp.MustCompile(`^(?:"(?:[^"\\]|\\.)*"?|'[^']*'?|[^\s&,;"'<>]+)`)
	headerValue   = regexp.MustCompile(`^[^\r\n<]+`)
	keySeparators = strings.NewReplacer("_", "", "-", "")
)

// Redact returns s with its credentials masked: JWTs and tokens of their shape; Bearer and Basic
// credentials, but not prose such as "Basic authentication failed"; the rest of the line after
// an Authorization header (Proxy- and X- included); and the value of a credential key in JSON,
// JSON cut short, quoted pairs (key: 'value') and form encoding.
func Redact(s string) string {
	// Each test below is a character the pattern needs: most strings skip every pattern.
	if strings.Count(s, ".") >= 2 {
		s = dottedToken.ReplaceAllString(s, masked)
	}
	if strings.ContainsAny(s, " \t\n\f\r") {
		s = schemeCredential.ReplaceAllStringFunc(s, func(match string) string {
			m := schemeCredential.FindStringSubmatch(match)
			if !looksLikeCredential(m[3]) && (!strings.EqualFold(m[1], "basic") || !isBasicPair(m[3])) {
				return match
			}
			return m[1] + m[2] + masked
		})
	}
	if strings.ContainsAny(s, ":=") {
		s = maskPairs(s)
	}
	return s
}

// RedactBody returns a copy of an HTTP body that is safe to log. A JSON body stays valid JSON
// (keys sorted, numbers as sent): the value of a credential key is masked at any depth whatever
// its type, null excepted, and every string is masked as Redact does. Any other body is masked
// as text.
func RedactBody(b []byte) []byte {
	if len(bytes.TrimSpace(b)) == 0 {
		return b
	}
	if !json.Valid(b) {
		return []byte(Redact(string(b)))
	}
	decoder := json.NewDecoder(bytes.NewReader(b))
	decoder.UseNumber()
	var document any
	if err := decoder.Decode(&document); err != nil {
		return []byte(masked)
	}
	var out bytes.Buffer
	encoder := json.NewEncoder(&out)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(redactJSON(document)); err != nil {
		return []byte(masked)
	}
	return bytes.TrimSuffix(out.Bytes(), []byte("\n"))
}

func redactJSON(value any) any {
	switch v := value.(type) {
	case map[string]any:
		for key, inner := range v {
			if _, credential := credentialKey(key); credential && inner != nil {
				v[key] = masked
			} else {
				v[key] = redactJSON(inner)
			}
		}
	case []any:
		for i, inner := range v {
			v[i] = redactJSON(inner)
		}
	case string:
		return Redact(v)
	}
	return value
}

// maskPairs masks the value after each credential key in s.
func maskPairs(s string) string {
	var b strings.Builder
	done := 0 // s[:done] is in b
	for _, m := range pairKey.FindAllStringSubmatchIndex(s, -1) {
		header, credential := credentialKey(s[m[2]:m[3]])
		if m[0] < done || !credential {
			continue
		}
		pattern := pairValue
		if header {
			pattern = headerValue
		}
		value := pattern.FindString(s[m[1]:])
		if value == "" {
			continue
		}
		mask := masked
		if q := value[:1]; !header && (q == `"` || q == "'") {
			mask = q + masked + q
		}
		b.WriteString(s[done:m[1]])
		b.WriteString(mask)
		done = m[1] + len(value)
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// credentialKey reports whether the value of key is masked, and whether key names an
// Authorization header (Authorization, Proxy-Authorization, X-Authorization).
func credentialKey(key string) (header, credential bool) {
	normal := keySeparators.Replace(strings.ToLower(key))
	header = strings.HasSuffix(normal, "authorization")
	return header, header || credentialKeys[normal]
}

// looksLikeCredential tells a token from an English word: tokens are long or hold digits or
// punctuation, words after "Bearer" or "Basic" in an error message are neither.
func looksLikeCredential(v string) bool {
	return len(v) >= 20 || strings.ContainsAny(v, "0123456789._~+/-=")
}

// isBasicPair reports whether v is base64 of "user:password", like a short Basic credential.
func isBasicPair(v string) bool {
	decoded, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(v, "="))
	return err == nil && strings.Contains(string(decoded), ":")
}
