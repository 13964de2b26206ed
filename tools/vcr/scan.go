package vcr

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/secrets"
)

// Finding is one suspected secret in a cassette. It never quotes the secret itself.
type Finding struct {
	File string
	Line int // 0 when found in the decoded cassette rather than a line of its text
	Rule string
}

func (f Finding) String() string {
	if f.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", f.File, f.Line, f.Rule)
	}
	return fmt.Sprintf("%s: %s", f.File, f.Rule)
}

func findingStrings(findings []Finding) []string {
	out := make([]string, len(findings))
	for n, f := range findings {
		out[n] = f.String()
	}
	return out
}

var (
	authorizationKeyPattern = regexp.MustCompile(`(?i)^\s*-?\s*["']?(proxy-)?authorization["']?\s*:`)
	accessTokenPattern      = regexp.MustCompile(`(?i)access_token\\?"?'?\s*[:=]\s*\\?"?'?([^"'\\&\s,}]*)`)
	credentialFieldPattern  = regexp.MustCompile(`(?i)(client_secret|password)\\?"?'?\s*[:=]\s*\\?"?'?([^"'\\&\s,}]*)`)
)

// ScanDir scans every cassette (*.yaml) under dir. known are literal values that must not
// appear (recording credentials, when the scan knows them).
func ScanDir(dir string, known []string) ([]Finding, error) {
	var findings []Finding
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") {
			return err
		}
		found, err := ScanFile(path, known)
		findings = append(findings, found...)
		return err
	})
	return findings, err
}

// ScanFile scans one cassette both as text, line by line, and decoded, field by field (so that
// no YAML quoting or folding can hide a value from the text rules).
func ScanFile(path string, known []string) ([]Finding, error) {
	data, err := os.ReadFile(filepath.Clean(path))
	if err != nil {
		return nil, err
	}
	findings := ScanBytes(path, data, known)
	c, err := cassette.Load(strings.TrimSuffix(path, ".yaml"))
	if err != nil {
		return append(findings, Finding{File: path, Rule: "not a loadable cassette: " + err.Error()}), nil
	}
	for _, i := range c.Interactions {
		where := fmt.Sprintf("interaction %d (%s %s)", i.ID, i.Request.Method, pathOf(i.Request.URL))
		add := func(rule string) { findings = append(findings, Finding{File: path, Rule: where + ": " + rule}) }
		for _, h := range []struct {
			headers  map[string][]string
			response bool
		}{{i.Request.Headers, false}, {i.Response.Headers, true}} {
			for name, values := range h.headers {
				if !headerAllowed(name, h.response) {
					add(fmt.Sprintf("header %q is not on the allow-list", name))
				}
				for _, v := range values {
					for _, rule := range scanString(v, known) {
						add("header " + name + ": " + rule)
					}
				}
			}
		}
		for name := range i.Request.Form {
			if !containsString(formAllowList, name) {
				add(fmt.Sprintf("form field %q is not on the allow-list", name))
			}
		}
		for field, v := range map[string]string{
			"request URL": i.Request.URL, "request body": i.Request.Body, "response body": i.Response.Body,
		} {
			for _, rule := range scanString(v, known) {
				add(field + ": " + rule)
			}
		}
	}
	sort.SliceStable(findings, func(a, b int) bool { return findings[a].Line < findings[b].Line })
	return findings, nil
}

// ScanBytes applies the text rules to each line of a cassette.
func ScanBytes(name string, data []byte, known []string) []Finding {
	var findings []Finding
	for n, line := range strings.Split(string(data), "\n") {
		var rules []string
		if authorizationKeyPattern.MatchString(line) {
			rules = append(rules, "Authorization header")
		}
		rules = append(rules, scanString(line, known)...)
		for _, rule := range rules {
			findings = append(findings, Finding{File: name, Line: n + 1, Rule: rule})
		}
	}
	return findings
}

// scanString names the secret-looking things in s.
func scanString(s string, known []string) []string {
	var rules []string
	for _, m := range authSchemePattern.FindAllString(s, -1) {
		_, credential, _ := strings.Cut(m, " ")
		credential = strings.TrimSpace(credential)
		// A credential has digits or punctuation; "Bearer authentication" in an error text has not.
		if credential != scrubbedValue && credential != PlaceholderAccessToken && strings.ContainsAny(credential, "0123456789+/=._~-") {
			scheme, _, _ := strings.Cut(m, " ")
			rules = append(rules, scheme+" credential")
		}
	}
	for _, m := range accessTokenPattern.FindAllStringSubmatch(s, -1) {
		if m[1] != "" && m[1] != PlaceholderAccessToken {
			rules = append(rules, "access_token that is not the placeholder")
		}
	}
	for _, m := range credentialFieldPattern.FindAllStringSubmatch(s, -1) {
		if m[2] != "" && m[2] != scrubbedValue {
			rules = append(rules, strings.ToLower(m[1])+" value")
		}
	}
	for _, token := range secrets.JWT.FindAllString(s, -1) {
		if !isPlaceholderJWT(token) {
			rules = append(rules, fmt.Sprintf("JWT %.12s... is not a placeholder", token))
		}
	}
	for n, secret := range known {
		if len(strings.TrimSpace(secret)) >= 4 && containsSecret(s, secret) {
			rules = append(rules, fmt.Sprintf("known secret #%d", n+1))
		}
	}
	return rules
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// containsSecret is strings.Contains, except that an all-digit value (an account id) must stand
// alone: 5551234 is a leak in /accounts/5551234/, not inside a UUID's hex.
func containsSecret(s, secret string) bool {
	if strings.Trim(secret, "0123456789") != "" {
		return strings.Contains(s, secret)
	}
	return replaceWord(s, secret, "\x00") != s
}
