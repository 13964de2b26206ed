package provider

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

const (
	wrongPassword     = "wrong-password-Zq81xT"
	wrongClientSecret = "wrong-client-secret-Vb27kP"
)

// refusedCredentials are provider settings the mock refuses, and what the diagnostic must say.
var refusedCredentials = []struct {
	name string
	args func(m *accMock) providerArgs
	want string // regexp the error must match, after "Cannot <action>"
}{
	{
		name: "wrong password",
		args: func(m *accMock) providerArgs { a := m.basicArgs(); a.Password = wrongPassword; return a },
		want: `401 Unauthorized.*credentials were refused.*username/password`,
	},
	{
		name: "wrong client secret",
		args: func(m *accMock) providerArgs { a := m.oauthArgs(); a.ClientSecret = wrongClientSecret; return a },
		want: `OAuth2 token request to http://127\.0\.0\.1:\d+/api/v1/oauth2/token failed: HTTP 401 invalid_client.*check client_id and client_secret.*BW_CLIENT_SECRET`,
	},
	{
		name: "OAuth2 client of another account",
		args: func(m *accMock) providerArgs { a := m.oauthArgs(); a.AccountID = "9900001"; return a },
		want: `401 Unauthorized.*cannot access this account.*account_id`,
	},
	{
		name: "API user of another account",
		args: func(m *accMock) providerArgs { a := m.basicArgs(); a.AccountID = "9900001"; return a },
		want: `401 Unauthorized.*cannot access this account.*account_id`,
	},
	{
		name: "base_url not the WebRTC API",
		args: func(m *accMock) providerArgs {
			a := m.oauthArgs()
			a.BaseURL = strings.TrimSuffix(a.BaseURL, "/v1") + "/v2"
			return a
		},
		want: `403 Forbidden: Missing Authentication Token.*cannot use the WebRTC API.*base_url`,
	},
}

// TestAccCredentialsRefused: refused credentials fail the create and the refresh with a
// diagnostic that says what to check, and nothing is created.
func TestAccCredentialsRefused(t *testing.T) {
	for _, tc := range refusedCredentials {
		t.Run(tc.name, func(t *testing.T) {
			m := startMock(t, webrtcmock.Options{})
			good := m.oauthArgs().block() + `resource "bandwidth_webrtc_participant" "test" {}`
			bad := tc.args(m).block() + `resource "bandwidth_webrtc_participant" "test" {}`
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy:             expectNoParticipants(m),
				Steps: []resource.TestStep{
					{Config: bad, ExpectError: terraformError(`Cannot create the participant.*` + tc.want)},
					{
						PreConfig: func() {
							if s := m.Stats(); s.ParticipantsCreated != 0 {
								t.Errorf("refused credentials created %d participants", s.ParticipantsCreated)
							}
						},
						Config: good,
						Check:  expectStateMatchesMock(m),
					},
					{Config: bad, ExpectError: terraformError(`Cannot read participant [0-9a-f-]{36}.*` + tc.want)},
					{Config: good, Check: expectStateMatchesMock(m)},
				},
			})
		})
	}
}

// TestCredentialErrorsNameNoSecret: the diagnostics for refused credentials, built by the
// provider's own client and diagnostic code, never repeat a credential, configured or issued.
func TestCredentialErrorsNameNoSecret(t *testing.T) {
	ctx := context.Background()
	for _, tc := range refusedCredentials {
		t.Run(tc.name, func(t *testing.T) {
			m := startMock(t, webrtcmock.Options{})
			args := tc.args(m)
			settings, diags := resolveSettings(args.model(), func(string) string { return "" })
			if diags.HasError() {
				t.Fatalf("settings: %v", diags)
			}
			client, err := newAPIClient(settings, "test", nil)
			if err != nil {
				t.Fatal(err)
			}
			created, err := client.CreateParticipant(ctx, webrtc.CreateParticipantRequest{Tag: "refused"})
			if err == nil {
				t.Fatalf("create succeeded with refused credentials: %s", created.Participant.ID)
			}
			addCreateError(&diags, "participant", "refused", err)
			_, err = client.GetParticipant(ctx, "320e2af6-13ec-498d-8b51-daba52c37853")
			addAPIError(&diags, "read participant 320e2af6-13ec-498d-8b51-daba52c37853", err)

			secrets := append(credentialForms(args), credentialForms(m.basicArgs())...)
			secrets = append(secrets, credentialForms(m.oauthArgs())...)
			secrets = append(secrets, m.IssuedAccessTokens()...)
			want := terraformError(tc.want)
			for _, d := range diags {
				text := d.Summary() + "\n" + d.Detail()
				if !strings.HasPrefix(d.Summary(), "Cannot ") || !want.MatchString(text) {
					t.Errorf("diagnostic does not say what is wrong (want %s):\n%s", want, text)
				}
				for _, secret := range secrets {
					if strings.Contains(text, secret) {
						t.Errorf("diagnostic repeats the credential %q:\n%s", secret, text)
					}
				}
			}
			if len(diags) != 2 || diags.ErrorsCount() != 2 {
				t.Errorf("want 2 error diagnostics, got %v", diags)
			}
		})
	}
}

// credentialForms lists a's secrets as they could leak: as configured, and as the Basic
// Authorization values the API and the token endpoint receive.
func credentialForms(a providerArgs) []string {
	var forms []string
	for _, pair := range [][2]string{{a.Username, a.Password}, {a.ClientID, a.ClientSecret}} {
		if pair[1] != "" {
			forms = append(forms, pair[1], base64.StdEncoding.EncodeToString([]byte(pair[0]+":"+pair[1])))
		}
	}
	return forms
}
