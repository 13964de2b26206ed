package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// TestAccProvider_settingsUnknownAtPlan: provider settings that come from a resource not yet
// created are unknown while planning; the plan still goes through and the apply uses them.
func TestAccProvider_settingsUnknownAtPlan(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	config := fmt.Sprintf(`
resource "terraform_data" "settings" {
  input = { account_id = %q, base_url = %q }
}

provider "bandwidth" {
  account_id = terraform_data.settings.output.account_id
  base_url   = terraform_data.settings.output.base_url
  username   = %q
  password   = %q
}

resource "bandwidth_webrtc_participant" "test" {
  tag = "unknown-settings"
}
`, m.opts.AccountID, m.server.BaseURL(), m.opts.Username, m.opts.Password)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             expectNoParticipants(m),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectUnknownValue(participantAddr, tfjsonpath.New("id")),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: func(*terraform.State) error {
				if got := m.Stats().LiveParticipants; got != 1 {
					return fmt.Errorf("mock holds %d participants, want 1", got)
				}
				return nil
			},
		}},
	})
}
