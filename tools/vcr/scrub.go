package vcr

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"

	"gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/secrets"
)

// Headers kept in a cassette; every other header, Authorization first of all, is dropped.
var (
	requestHeaderAllowList  = []string{"Accept", "Content-Type"}
	responseHeaderAllowList = []string{"Content-Type", "Location", "Retry-After"}
)

// formAllowList are the form fields kept from token requests: client credentials sent in the body
// (client_id, client_secret) are dropped.
var formAllowList = []string{"grant_type", "scope"}

// headerAllowed reports whether a header survives into a cassette. Request-id headers are kept
// from responses because they are what Bandwidth support asks for.
func headerAllowed(name string, response bool) bool {
	allow := requestHeaderAllowList
	if response {
		allow = responseHeaderAllowList
		lower := strings.ToLower(name)
		if strings.Contains(lower, "request-id") || strings.Contains(lower, "requestid") {
			return true
		}
	}
	return slices.Contains(allow, http.CanonicalHeaderKey(name))
}

var (
	authSchemePattern  = regexp.MustCompile(`(?i)\b(basic|bearer)\s+[A-Za-z0-9._~+/=-]{8,}`)
	uuidPattern        = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	shortTokenPattern  = regexp.MustCompile(`^[A-Za-z0-9]{1,8}$`)
	issuerPattern      = regexp.MustCompile(`^[A-Za-z0-9._:/-]{1,100}$`)
	secretJSONKeys     = []string{"access_token", "refresh_token", "id_token", "client_id", "client_secret", "password"}
	placeholderForKeys = map[string]string{
		"access_token":  PlaceholderAccessToken,
		"refresh_token": "vcr-placeholder-refresh-token",
		"id_token":      "vcr-placeholder-id-token",
		"client_id":     scrubbedValue,
		"client_secret": scrubbedValue,
		"password":      scrubbedValue,
	}
)

// Scrubber turns a captured interaction into one that may be committed. It is the recorder's
// BeforeSaveHook: the live responses the provider received while recording are left alone, only
// what is written is changed.
type Scrubber struct {
	// AccountID is the account the live requests were made for; it becomes PlaceholderAccountID.
	// Empty or equal to the placeholder: nothing to replace.
	AccountID string
	// Secrets are values that must not survive scrubbing (see CredentialSecrets).
	Secrets []string

	mu   sync.Mutex
	seen []string // access tokens and participant tokens met while scrubbing
}

// CredentialSecrets lists the recording credentials and the Basic header values built from them.
func CredentialSecrets(username, password, clientID, clientSecret string) []string {
	var out []string
	for _, pair := range [][2]string{{username, password}, {clientID, clientSecret}} {
		if pair[0] == "" && pair[1] == "" {
			continue
		}
		out = append(out, pair[0], pair[1], base64.StdEncoding.EncodeToString([]byte(pair[0]+":"+pair[1])))
	}
	return nonEmpty(out)
}

// Known returns the configured secrets plus every token the scrubber replaced so far.
func (s *Scrubber) Known() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append(slices.Clone(s.Secrets), s.seen...)
	if s.AccountID != "" && s.AccountID != PlaceholderAccountID {
		out = append(out, s.AccountID)
	}
	return nonEmpty(out)
}

func (s *Scrubber) remember(secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Contains(s.seen, secret) {
		s.seen = append(s.seen, secret)
	}
}

// Interaction scrubs i in place. It returns an error, and nothing may be saved, if a known
// secret is still present afterwards.
func (s *Scrubber) Interaction(i *cassette.Interaction) error {
	reqType := i.Request.Headers.Get("Content-Type")
	respType := i.Response.Headers.Get("Content-Type")

	i.Request.Headers = s.headers(i.Request.Headers, false)
	i.Request.URL = s.URL(i.Request.URL)
	i.Request.Body = s.Body(i.Request.Body, reqType)
	i.Request.ContentLength = int64(len(i.Request.Body))
	i.Request.Form = filterForm(i.Request.Form)
	i.Request.Trailer = nil
	i.Request.RemoteAddr = ""
	i.Request.RequestURI = ""

	i.Response.Headers = s.headers(i.Response.Headers, true)
	i.Response.Body = s.Body(i.Response.Body, respType)
	i.Response.ContentLength = int64(len(i.Response.Body))
	i.Response.Trailer = nil
	i.Response.Duration = 0 // replay skips latency; a recorded duration would only churn diffs

	return s.check(i)
}

// check refuses an interaction in which a known secret survived.
func (s *Scrubber) check(i *cassette.Interaction) error {
	fields := []string{i.Request.URL, i.Request.Host, i.Request.Body, i.Response.Body, i.Response.Status}
	for _, h := range []http.Header{i.Request.Headers, i.Response.Headers} {
		for name, values := range h {
			fields = append(fields, name)
			fields = append(fields, values...)
		}
	}
	for name, values := range i.Request.Form {
		fields = append(fields, name)
		fields = append(fields, values...)
	}
	all := strings.Join(fields, "\n")
	for n, secret := range s.Known() {
		if containsSecret(all, secret) {
			return fmt.Errorf("vcr: refusing to save interaction %d (%s %s): known secret #%d survived scrubbing",
				i.ID, i.Request.Method, pathOf(i.Request.URL), n+1)
		}
	}
	return nil
}

func (s *Scrubber) headers(h http.Header, response bool) http.Header {
	out := http.Header{}
	for name, values := range h {
		if !headerAllowed(name, response) {
			continue
		}
		for _, v := range values {
			out.Add(name, s.text(v))
		}
	}
	return out
}

// URL replaces the account id in a URL's path and query.
func (s *Scrubber) URL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return s.text(raw)
	}
	u.Path = s.Path(u.Path)
	u.RawPath = ""
	if u.RawQuery != "" {
		q := u.Query()
		for k, values := range q {
			for n := range values {
				values[n] = s.text(values[n])
			}
			q[k] = values
		}
		u.RawQuery = q.Encode()
	}
	u.User = nil
	return u.String()
}

// Path replaces the account id segment of a URL path.
func (s *Scrubber) Path(p string) string {
	if !s.replacesAccount() {
		return p
	}
	segments := strings.Split(p, "/")
	for n, seg := range segments {
		if seg == s.AccountID {
			segments[n] = PlaceholderAccountID
		}
	}
	return strings.Join(segments, "/")
}

func (s *Scrubber) replacesAccount() bool {
	return s.AccountID != "" && s.AccountID != PlaceholderAccountID
}

// Body scrubs a request or response body according to its content type.
func (s *Scrubber) Body(body, contentType string) string {
	if strings.TrimSpace(body) == "" {
		return body
	}
	media, _, _ := mime.ParseMediaType(contentType)
	if media == "application/x-www-form-urlencoded" {
		values, err := url.ParseQuery(body)
		if err == nil {
			return filterForm(values).Encode()
		}
	}
	if v, ok := decodeJSON(body); ok {
		return encodeJSON(s.jsonValue("", v))
	}
	return s.text(body)
}

func (s *Scrubber) jsonValue(key string, v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = s.jsonValue(k, e)
		}
		return x
	case []any:
		for n := range x {
			x[n] = s.jsonValue(key, x[n])
		}
		return x
	case string:
		lower := strings.ToLower(key)
		if slices.Contains(secretJSONKeys, lower) {
			if x != "" {
				s.remember(x)
			}
			return placeholderForKeys[lower]
		}
		if lower == "token" && !isJWT(x) && x != "" {
			s.remember(x)
			return "vcr-placeholder-token"
		}
		return s.text(x)
	default:
		return v
	}
}

// text replaces JWTs, Basic and Bearer credentials and the account id inside free text.
func (s *Scrubber) text(v string) string {
	v = secrets.JWT.ReplaceAllStringFunc(v, func(token string) string {
		if isPlaceholderJWT(token) {
			return token
		}
		s.remember(token)
		return s.placeholderJWT(token)
	})
	v = authSchemePattern.ReplaceAllStringFunc(v, func(m string) string {
		scheme, _, _ := strings.Cut(m, " ")
		return scheme + " " + scrubbedValue
	})
	if s.replacesAccount() {
		v = replaceWord(v, s.AccountID, PlaceholderAccountID)
	}
	return v
}

// placeholderJWT builds a structurally valid JWT with the same header and claim names as token:
// exp becomes PlaceholderExpiry, iat and nbf PlaceholderIssuedAt, the account claim `a` the
// placeholder account, tid/jti a zero UUID; the participant id (`p`), device API version (`v`)
// and issuer are kept, anything else becomes "scrubbed". The signature is PlaceholderSignature.
func (s *Scrubber) placeholderJWT(token string) string {
	parts := strings.Split(token, ".")
	header, okHeader := decodeSegment(parts[0])
	claims, okClaims := map[string]any{}, false
	if len(parts) > 1 {
		claims, okClaims = decodeSegment(parts[1])
	}
	if !okHeader {
		header = map[string]any{"alg": "HS256", "typ": "JWT"}
	}
	if !okClaims {
		claims = map[string]any{"a": "", "p": "", "v": "", "tid": "", "iss": "", "iat": 0, "exp": 0}
	}
	for k, v := range header {
		str, _ := v.(string)
		switch {
		case (k == "alg" || k == "typ") && shortTokenPattern.MatchString(str):
		default:
			header[k] = scrubbedValue
		}
	}
	for k, v := range claims {
		str, isString := v.(string)
		switch k {
		case "exp":
			claims[k] = PlaceholderExpiry.Unix()
		case "iat", "nbf":
			claims[k] = PlaceholderIssuedAt.Unix()
		case "a":
			claims[k] = PlaceholderAccountID
		case "tid", "jti":
			claims[k] = PlaceholderTokenID
		case "p":
			if !isString || !uuidPattern.MatchString(str) {
				claims[k] = PlaceholderTokenID
			}
		case "v":
			if !isString || !shortTokenPattern.MatchString(str) {
				claims[k] = scrubbedValue
			}
		case "iss":
			if !isString || !issuerPattern.MatchString(str) || (s.replacesAccount() && strings.Contains(str, s.AccountID)) {
				claims[k] = scrubbedValue
			}
		default:
			claims[k] = scrubbedValue
		}
	}
	return encodeSegment(header) + "." + encodeSegment(claims) + "." + PlaceholderSignature
}

func isJWT(v string) bool {
	if m := secrets.JWT.FindString(v); m != v {
		return false
	}
	parts := strings.Split(v, ".")
	_, ok := decodeSegment(parts[0])
	return ok
}

func isPlaceholderJWT(token string) bool {
	parts := strings.Split(token, ".")
	return len(parts) == 3 && parts[2] == PlaceholderSignature
}

func decodeSegment(seg string) (map[string]any, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return nil, false
	}
	v, ok := decodeJSON(string(raw))
	m, isMap := v.(map[string]any)
	return m, ok && isMap
}

func encodeSegment(m map[string]any) string {
	return base64.RawURLEncoding.EncodeToString([]byte(encodeJSON(m)))
}

func decodeJSON(s string) (any, bool) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	if dec.More() {
		return nil, false
	}
	switch v.(type) {
	case map[string]any, []any:
		return v, true
	}
	return nil, false
}

// encodeJSON writes keys sorted (encoding/json sorts map keys) and HTML unescaped, so that a
// re-recorded cassette differs only where the API's answers did.
func encodeJSON(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func filterForm(values url.Values) url.Values {
	if values == nil {
		return nil
	}
	out := url.Values{}
	for k, v := range values {
		if slices.Contains(formAllowList, k) {
			out[k] = slices.Clone(v)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// replaceWord replaces old where it is not part of a longer run of letters and digits, so an
// account id is replaced in "/accounts/5551234/" or "account 5551234" but not inside a UUID.
func replaceWord(s, old, replacement string) string {
	if old == "" {
		return s
	}
	var b strings.Builder
	start := 0 // s[:start] is written
	for from := 0; ; {
		n := strings.Index(s[from:], old)
		if n < 0 {
			b.WriteString(s[start:])
			return b.String()
		}
		n += from
		end := n + len(old)
		if (n == 0 || !isAlnum(s[n-1])) && (end == len(s) || !isAlnum(s[end])) {
			b.WriteString(s[start:n])
			b.WriteString(replacement)
			start = end
		}
		from = end
	}
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func nonEmpty(values []string) []string {
	out := values[:0]
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			out = append(out, v)
		}
	}
	return out
}

func pathOf(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Path
	}
	return raw
}
