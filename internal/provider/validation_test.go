package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// TestAccInvalidConfigurations: bad input is refused at plan time, pointing at the attribute,
// and never reaches the API.
func TestAccInvalidConfigurations(t *testing.T) {
	const uuid = "320e2af6-13ec-498d-8b51-daba52c37853"
	m := startMock(t, webrtcmock.Options{})
	validProvider := m.providerBlock()
	provider := func(body string) string {
		return fmt.Sprintf("provider \"bandwidth\" {\n%s\n}\n", strings.ReplaceAll(body, "BASE", m.server.BaseURL()))
	}
	participant := func(body string) string {
		return validProvider + fmt.Sprintf("resource \"bandwidth_webrtc_participant\" \"test\" {\n%s\n}\n", body)
	}
	minimal := `resource "bandwidth_webrtc_participant" "test" {}`
	cases := []struct {
		name, config, want string
	}{
		{"unknown publish permission", participant(`publish_permissions = ["SCREEN"]`), `(?s)publish_permissions.*value must be one of.*"AUDIO".*"VIDEO"`},
		{"lower-case publish permission", participant(`publish_permissions = ["audio"]`), `(?s)publish_permissions.*value must be one of`},
		{"empty publish permissions", participant(`publish_permissions = []`), `(?s)publish_permissions.*at least 1`},
		{"tag of 51 characters", participant(`tag = "` + strings.Repeat("x", 51) + `"`), `(?s)tag.*character count must be between 1 and 50, got: 51`},
		{"tag of 51 accented characters", participant(`tag = "` + strings.Repeat("é", 51) + `"`), `(?s)tag.*character count must be between 1 and 50, got: 51`},
		{"empty tag", participant(`tag = ""`), `(?s)tag.*character count must be between 1 and 50, got: 0`},
		{"session tag of 51 accented characters", validProvider + `resource "bandwidth_webrtc_session" "test" { tag = "` + strings.Repeat("é", 51) + `" }`, `(?s)tag.*character count must be between 1 and 50, got: 51`},
		{"empty session tag", validProvider + `resource "bandwidth_webrtc_session" "test" { tag = "" }`, `(?s)tag.*character count must be between 1 and 50, got: 0`},
		{"device API version V2", participant(`device_api_version = "V2"`), `(?s)device_api_version.*value must be one of.*"V3"`},
		{"callback URL without scheme", participant(`callback_url = "example.com/callback"`), `(?s)callback_url.*absolute http:// or https:// URL`},
		{"callback URL with another scheme", participant(`callback_url = "ftp://example.com/callback"`), `(?s)callback_url.*absolute http:// or https:// URL`},
		{"empty callback URL", participant(`callback_url = ""`), `(?s)callback_url.*absolute http:// or https:// URL`},
		{"non-UUID subscription session", participant(`subscriptions = { session_id = "session-1" }`), `(?s)subscriptions.session_id.*must be a UUID`},
		{"subscriptions without session", participant(`subscriptions = { participants = [{ participant_id = "` + uuid + `" }] }`), `(?s)session_id.*required`},
		{"non-UUID subscribed participant", participant(`subscriptions = { session_id = "` + uuid + `", participants = [{ participant_id = "p1" }] }`), `(?s)participant_id.*must be a UUID`},
		{"empty subscribed participants", participant(`subscriptions = { session_id = "` + uuid + `", participants = [] }`), `(?s)subscriptions.participants.*at least 1.*at most 20`},
		{"empty stream aliases", participant(`subscriptions = { session_id = "` + uuid + `", participants = [{ participant_id = "` + uuid + `", stream_aliases = [] }] }`), `(?s)stream_aliases.*at least 1`},
		{"empty stream alias", participant(`subscriptions = { session_id = "` + uuid + `", participants = [{ participant_id = "` + uuid + `", stream_aliases = [""] }] }`), `(?s)stream_aliases.*length must be at least 1`},
		{"unknown argument", participant(`token = "x"`), `(?s)token.*(read-only|Can't configure)`},
		{"both credential sets", provider(`account_id = "9900000"
base_url = "BASE"
username = "demo"
password = "demo"
client_id = "demo-client"
client_secret = "demo-secret"`) + minimal, `(?s)(Conflicting Bandwidth credentials|Invalid Attribute Combination)`},
		{"no credentials", provider(`account_id = "9900000"
base_url = "BASE"`) + minimal, `(?s)Missing Bandwidth credentials.*BW_CLIENT_ID.*BW_CLIENT_SECRET.*BW_USERNAME.*BW_PASSWORD`},
		{"username without password", provider(`account_id = "9900000"
base_url = "BASE"
username = "demo"`) + minimal, `(?s)Missing password.*BW_PASSWORD`},
		{"client id without secret", provider(`account_id = "9900000"
base_url = "BASE"
client_id = "demo-client"`) + minimal, `(?s)Missing client_secret.*BW_CLIENT_SECRET`},
		{"no account id", provider(`base_url = "BASE"
username = "demo"
password = "demo"`) + minimal, `(?s)Missing Bandwidth account id.*account_id.*BW_ACCOUNT_ID`},
		{"account id with a slash", provider(`account_id = "99/00"
base_url = "BASE"
username = "demo"
password = "demo"`) + minimal, `(?s)account_id.*Bandwidth account id such as 9900000`},
		{"http to a remote host", provider(`account_id = "9900000"
base_url = "http://api.example.com/v1"
username = "demo"
password = "demo"`) + minimal, `(?s)base_url.*(loopback|https)`},
		{"token URL over http to a remote host", provider(`account_id = "9900000"
base_url = "BASE"
client_id = "demo-client"
client_secret = "demo-secret"
oauth_token_url = "http://id.example.com/token"`) + minimal, `(?s)oauth_token_url.*(loopback|https)`},
		{"base URL with a query", provider(`account_id = "9900000"
base_url = "BASE?x=1"
username = "demo"
password = "demo"`) + minimal, `(?s)base_url.*query or fragment`},
		{"malformed base URL", provider(`account_id = "9900000"
base_url = "not a url"
username = "demo"
password = "demo"`) + minimal, `(?s)base_url`},
		{"negative retries", provider(`account_id = "9900000"
base_url = "BASE"
username = "demo"
password = "demo"
max_retries = -1`) + minimal, `(?s)max_retries.*between 0 and 10`},
		{"request timeout not a duration", provider(`account_id = "9900000"
base_url = "BASE"
username = "demo"
password = "demo"
request_timeout = "soon"`) + minimal, `(?s)request_timeout.*duration such as 30s`},
		{"zero request timeout", provider(`account_id = "9900000"
base_url = "BASE"
username = "demo"
password = "demo"
request_timeout = "0s"`) + minimal, `(?s)request_timeout.*greater than zero`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := m.TotalRequests()
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tc.config,
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
			if after := m.TotalRequests(); after != before {
				t.Errorf("invalid configuration reached the API: %d requests", after-before)
			}
		})
	}
}

// TestAccTagLengthCountsCharacters: the 50-character tag limit counts characters, as the API's
// schema does, not the bytes of their UTF-8 encoding.
func TestAccTagLengthCountsCharacters(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	tag := strings.Repeat("é", 49) // 98 bytes
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: m.providerBlock() + fmt.Sprintf(`
resource "bandwidth_webrtc_participant" "test" { tag = %[1]q }
resource "bandwidth_webrtc_session" "test" { tag = %[1]q }
`, tag),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
	if n := m.TotalRequests(); n != 0 {
		t.Errorf("planning new objects called the API %d times", n)
	}
}
