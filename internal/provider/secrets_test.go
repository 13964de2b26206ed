package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// TestAccSecretsNeverLogged runs a participant's whole life (create, refresh, import, destroy) and
// a refresh with refused credentials, with the Terraform CLI and the provider logging at TRACE, then
// searches the log for every credential and token that existed during the run. It changes the
// environment, so it cannot run in parallel.
func TestAccSecretsNeverLogged(t *testing.T) {
	for _, auth := range []struct {
		name string
		args func(m *accMock) providerArgs
		bad  func(a providerArgs) providerArgs
	}{
		{"OAuth2", (*accMock).oauthArgs, func(a providerArgs) providerArgs { a.ClientSecret = wrongClientSecret; return a }},
		{"Basic", (*accMock).basicArgs, func(a providerArgs) providerArgs { a.Password = wrongPassword; return a }},
	} {
		t.Run(auth.name, func(t *testing.T) {
			logPath := filepath.Join(t.TempDir(), "terraform.log")
			// The Terraform CLI and the provider under test (served in-process) both log to this file.
			t.Setenv("TF_ACC_LOG_PATH", logPath)
			t.Setenv("TF_LOG", "TRACE")

			// Credentials no other text in the log could contain by chance.
			m := startMock(t, webrtcmock.Options{
				Username: "secrets-test-user", Password: "pw-4nT8qLw2Xe",
				ClientID: "secrets-test-client", ClientSecret: "cs-9Hk2VmR7pZ",
			})
			api := m.apiClient(t)
			sessionID := mustCreateSession(t, api, "secrets")
			args := auth.args(m)
			participant := fmt.Sprintf(`
resource "bandwidth_webrtc_participant" "test" {
  tag           = "secrets"
  subscriptions = { session_id = %q }
}
`, sessionID)
			config := args.block() + participant
			var participantTokens []string
			captureToken := func(s *terraform.State) error {
				rs, ok := s.RootModule().Resources[participantAddr]
				if !ok || rs.Primary.Attributes["token"] == "" {
					return fmt.Errorf("no participant token in state")
				}
				participantTokens = append(participantTokens, rs.Primary.Attributes["token"])
				return nil
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy:             expectNoParticipants(m),
				Steps: []resource.TestStep{
					{Config: config, Check: captureToken},
					{RefreshState: true},
					{
						Config:                  config,
						ResourceName:            participantAddr,
						ImportState:             true,
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: []string{"token", "token_expires_at", "subscriptions"},
					},
					{
						Config:      auth.bad(args).block() + participant,
						ExpectError: regexp.MustCompile(`Cannot read participant`),
					},
					{Config: config},
				},
			})

			raw, err := os.ReadFile(logPath)
			if err != nil {
				t.Fatalf("read the log: %v", err)
			}
			entries := withoutTestConfiguration(logEntries(string(raw)))
			log := strings.Join(entries, "")
			// The log must hold what a leak would hide in: request lines, bodies, the refused
			// refresh's diagnostic, so that the search below can find something.
			for _, want := range [][]string{
				{`\[DEBUG\] bandwidth: Bandwidth API request:`, `method=POST`, `path=/v1/accounts/9900000/participants(\s|$)`},
				{`\[TRACE\] bandwidth: Bandwidth API response body:`, `method=POST`, `"token\\":\\"\*\*\*\\"`},
				{`\[DEBUG\] bandwidth: Bandwidth API request:`, `method=GET`, `path=/v1/accounts/9900000/participants/[0-9a-f-]{36}(\s|$)`},
				{`Response contains error diagnostic:`, `diagnostic_summary="Cannot read participant`},
			} {
				if !hasEntry(entries, want...) {
					t.Errorf("the log has no line matching all of %q: the search below would prove nothing", want)
				}
			}
			if len(participantTokens) == 0 {
				t.Fatal("no participant token captured")
			}
			secrets := map[string]string{}
			for _, a := range []providerArgs{args, auth.bad(args), m.basicArgs(), m.oauthArgs()} {
				for _, s := range credentialForms(a) {
					secrets[s] = "a credential"
				}
			}
			for _, s := range m.IssuedAccessTokens() {
				secrets[s] = "an OAuth2 access token"
			}
			for _, s := range participantTokens {
				secrets[s] = "a participant token"
				// The signature alone would show the token logged in part.
				secrets[s[strings.LastIndex(s, ".")+1:]] = "a participant token's signature"
			}
			if auth.name == "OAuth2" && len(m.IssuedAccessTokens()) == 0 {
				t.Fatal("the mock issued no access token")
			}
			for secret, what := range secrets {
				if i := strings.Index(log, secret); i >= 0 {
					t.Errorf("the log holds %s: ...%s...", what, log[max(0, i-200):i])
				}
			}
			t.Logf("searched %d bytes of log for %d secrets", len(log), len(secrets))
		})
	}
}

// logEntries splits a log into its entries: hclog continues an entry that has a multi-line field
// on the lines that follow, which do not start with a timestamp.
func logEntries(log string) []string {
	var entries []string
	for line := range strings.Lines(log) {
		if len(entries) == 0 || logEntryStart.MatchString(line) {
			entries = append(entries, "")
		}
		entries[len(entries)-1] += line
	}
	return entries
}

var logEntryStart = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d`)

// withoutTestConfiguration drops the test harness's echo of each step's configuration, into which
// the test wrote the credentials itself. Everything Terraform and the provider logged stays.
func withoutTestConfiguration(entries []string) []string {
	return slices.DeleteFunc(slices.Clone(entries), func(e string) bool {
		return strings.Contains(e, "sdk.helper_resource: Setting Terraform configuration:")
	})
}

// hasEntry reports whether one log entry matches every pattern.
func hasEntry(entries []string, patterns ...string) bool {
	return slices.ContainsFunc(entries, func(e string) bool {
		for _, p := range patterns {
			if !regexp.MustCompile(p).MatchString(e) {
				return false
			}
		}
		return true
	})
}
