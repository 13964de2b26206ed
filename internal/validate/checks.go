// Package validate holds the plan-time checks of provider and resource arguments: pure
// functions returning an error that says what is allowed, and framework validators over them.
package validate

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/transport"
)

var accountIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// CheckAccountID accepts the account ids Bandwidth issues (digits, in practice).
func CheckAccountID(s string) error {
	if !accountIDPattern.MatchString(s) {
		return fmt.Errorf("must be a Bandwidth account id such as 9900000 (letters, digits, - and _ only), got %q", s)
	}
	return nil
}

// CheckUUID accepts the canonical 36-character form the API uses for ids.
func CheckUUID(s string) error {
	if len(s) != 36 {
		return fmt.Errorf("must be a UUID such as 320e2af6-13ec-498d-8b51-daba52c37853, got %q", s)
	}
	if _, err := uuid.Parse(s); err != nil {
		return fmt.Errorf("must be a UUID such as 320e2af6-13ec-498d-8b51-daba52c37853, got %q", s)
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

// CheckEndpointURL accepts an API endpoint: https, or http to a loopback host only.
func CheckEndpointURL(s string) error {
	return transport.ValidateEndpointURL(s)
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

// CheckLengthInCharacters accepts from least to most characters (Unicode code points, as JSON
// Schema's maxLength counts them), where stringvalidator.LengthBetween counts bytes.
func CheckLengthInCharacters(s string, least, most int) error {
	if n := utf8.RuneCountInString(s); n < least || n > most {
		return fmt.Errorf("must be %d to %d characters, got %d", least, most, n)
	}
	return nil
}
