package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// TestAccCredentialsInBlockOutrankOtherKindInEnvironment: credentials of one kind in the provider
// block win over credentials of the other kind left in the shell, instead of conflicting with them.
// Not parallel: t.Setenv changes the environment of the whole test process.
func TestAccCredentialsInBlockOutrankOtherKindInEnvironment(t *testing.T) {
	tests := []struct {
		name       string
		env        map[string]string
		args       func(m *accMock) providerArgs
		wantOAuth2 bool
	}{
		{
			name:       "client credentials in the block, API user in the environment",
			env:        map[string]string{envUsername: "shell-user", envPassword: wrongPassword},
			args:       (*accMock).oauthArgs,
			wantOAuth2: true,
		},
		{
			name: "API user in the block, client credentials in the environment",
			env:  map[string]string{envClientID: "shell-client", envClientSecret: wrongClientSecret},
			args: (*accMock).basicArgs,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for name, value := range tt.env {
				t.Setenv(name, value)
			}
			m := startMock(t, webrtcmock.Options{})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy:             expectNoSessions(m),
				Steps: []resource.TestStep{{
					Config: tt.args(m).block() + `resource "bandwidth_webrtc_session" "test" { tag = "precedence" }`,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					Check: expectStateMatchesMock(m),
				}},
			})

			s := m.Stats()
			expectNoRefusals(t, s)
			if gotOAuth2 := s.AccessTokensIssued > 0; gotOAuth2 != tt.wantOAuth2 {
				t.Errorf("provider used OAuth2 = %v (access tokens issued: %d), want %v", gotOAuth2, s.AccessTokensIssued, tt.wantOAuth2)
			}
		})
	}
}
