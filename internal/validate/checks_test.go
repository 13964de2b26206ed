package validate

import (
	"strings"
	"testing"
	"time"
)

func TestChecks(t *testing.T) {
	tests := []struct {
		name    string
		check   func(string) error
		value   string
		wantErr string
	}{
		{"account id digits", CheckAccountID, "9900000", ""},
		{"account id with slash", CheckAccountID, "99/00", "account id such as 9900000"},
		{"account id with space", CheckAccountID, "99 00", "account id such as 9900000"},
		{"account id empty", CheckAccountID, "", "account id such as 9900000"},
		{"uuid", CheckUUID, "320e2af6-13ec-498d-8b51-daba52c37853", ""},
		{"uuid upper case", CheckUUID, "320E2AF6-13EC-498D-8B51-DABA52C37853", ""},
		{"uuid without dashes", CheckUUID, "320e2af613ec498d8b51daba52c37853", "must be a UUID"},
		{"uuid in braces", CheckUUID, "{320e2af6-13ec-498d-8b51-daba52c3785}", "must be a UUID"},
		{"uuid with a non-hex digit", CheckUUID, "320e2af6-13ec-498d-8b51-daba52c3785g", "must be a UUID"},
		{"uuid with dashes moved", CheckUUID, "320e2af61-3ec-498d-8b51-daba52c37853", "must be a UUID"},
		{"uuid garbage", CheckUUID, "session-1", "must be a UUID"},
		{"callback https", CheckCallbackURL, "https://example.com/cb?x=1", ""},
		{"callback http", CheckCallbackURL, "http://example.com/cb", ""},
		{"callback no scheme", CheckCallbackURL, "example.com/cb", "absolute http:// or https:// URL"},
		{"callback ftp", CheckCallbackURL, "ftp://example.com/cb", "absolute http:// or https:// URL"},
		{"callback no host", CheckCallbackURL, "https:///cb", "absolute http:// or https:// URL"},
		{"callback with space", CheckCallbackURL, "https://example.com/a b", "white space"},
		{"duration", checkPositiveDuration, "1m30s", ""},
		{"duration zero", checkPositiveDuration, "0s", "greater than zero"},
		{"duration negative", checkPositiveDuration, "-5s", "greater than zero"},
		{"duration words", checkPositiveDuration, "soon", "duration such as 30s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.check(tt.value)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && err == nil:
				t.Fatalf("want an error containing %q, got none", tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Fatalf("error %q does not contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestParsePositiveDuration(t *testing.T) {
	d, err := ParsePositiveDuration("2m")
	if err != nil || d != 2*time.Minute {
		t.Fatalf("ParsePositiveDuration(2m) = %v, %v", d, err)
	}
}
