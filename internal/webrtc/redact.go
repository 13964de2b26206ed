package webrtc

import (
	"encoding/base64"
	"regexp"
	"strings"
)

const redacted = "***"

// This is a small copy of what internal/transport masks in logs, plus the header forms a proxy
// echoes: importing transport would bring the Terraform logging library into the API client.
var (
	authorizationLinePattern = regexp.MustCompile(`(?i)\b((?:proxy-)?authorization"?\s*[:=]\s*)[^\r\n<]+`)
	jwtPattern               = regexp.MustCompile(`(?:\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+|\b[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,})\.[A-Za-z0-9_-]*`)
	schemeCredentialPattern  = regexp.MustCompile(`(?i)\b(bearer|basic)(\s+)([A-Za-z0-9._~+/-]+=*)`)
	keyValuePattern          = regexp.MustCompile(`\b([A-Za-z][A-Za-z_-]*)("?\s*[:=]\s*)("(?:[^"\\]|\\.)*"?|'[^']*'?|[^\s&,;"'<>]+)`)
	keySeparators            = strings.NewReplacer("_", "", "-", "")
)

// credentialKeys are the keys whose values are masked, compared in lower case without _ and -.
var credentialKeys = map[string]bool{
	"token": true, "accesstoken": true, "refreshtoken": true, "idtoken": true,
	"password": true, "passwd": true, "clientsecret": true, "secret": true, "apikey": true,
}

// RedactSecrets masks credentials in text the provider did not write itself (an error body, a
// validator's message): a JWT, the value of an Authorization header, a Bearer or Basic
// credential, and the value of a token, password or secret key in JSON or form encoding.
func RedactSecrets(s string) string {
	s = authorizationLinePattern.ReplaceAllString(s, "${1}"+redacted)
	s = jwtPattern.ReplaceAllString(s, redacted)
	s = schemeCredentialPattern.ReplaceAllStringFunc(s, func(match string) string {
		m := schemeCredentialPattern.FindStringSubmatch(match)
		if !looksLikeCredential(m[3]) && (!strings.EqualFold(m[1], "basic") || !isBasicPair(m[3])) {
			return match // prose such as "Basic authentication failed"
		}
		return m[1] + m[2] + redacted
	})
	return keyValuePattern.ReplaceAllStringFunc(s, func(match string) string {
		m := keyValuePattern.FindStringSubmatch(match)
		if !credentialKeys[keySeparators.Replace(strings.ToLower(m[1]))] {
			return match
		}
		value := redacted
		if q := m[3][0]; q == '"' || q == '\'' {
			value = string(q) + redacted + string(q)
		}
		return m[1] + m[2] + value
	})
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
