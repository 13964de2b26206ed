// Package validate holds the plan-time checks of provider and resource arguments: pure
// functions returning an error that says what is allowed, and framework validators over them.
// The rule for the URLs that receive credentials lives in internal/endpoint.
package validate

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
)

const (
	accountIDRule = "must be a Bandwidth account id such as 9900000 (letters, digits, - and _ only)"
	uuidRule      = "must be a UUID such as 320e2af6-13ec-498d-8b51-daba52c37853"
)

var (
	accountIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	// uuidPattern is the canonical 36-character form the API uses for ids, in either case.
	uuidPattern = regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)
)

// CheckAccountID accepts the account ids Bandwidth issues (digits, in practice).
func CheckAccountID(s string) error {
	if !accountIDPattern.MatchString(s) {
		return fmt.Errorf("%s, got %q", accountIDRule, s)
	}
	return nil
}

// CheckUUID accepts an API id.
func CheckUUID(s string) error {
	if !uuidPattern.MatchString(s) {
		return fmt.Errorf("%s, got %q", uuidRule, s)
	}
	return nil
}

// CheckCallbackURL accepts an absolute http or https URL with a host.
func CheckCallbackURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("must be an absolute http:// or https:// URL such as https://example.com/callback, got %q", s)
	}
	if strings.ContainsAny(s, " \t\n") {
		return fmt.Errorf("must not contain white space, got %q", s)
	}
	return nil
}

// ParsePositiveDuration parses a Go duration such as 30s that is greater than zero.
func ParsePositiveDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("must be a duration such as 30s, 2m or 1h30m, got %q", s)
	}
	if d <= 0 {
		return 0, fmt.Errorf("must be greater than zero, got %q", s)
	}
	return d, nil
}

func checkPositiveDuration(s string) error {
	_, err := ParsePositiveDuration(s)
	return err
}
