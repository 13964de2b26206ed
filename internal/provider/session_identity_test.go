package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// TestAccSessionAndMembership_identity records the identities of a session and a membership and
// imports both by identity. Needs Terraform >= 1.12 or OpenTofu >= 1.12 (`make testacc-tofu`).
func TestAccSessionAndMembership_identity(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	config := m.providerBlock() + `
resource "bandwidth_webrtc_session" "test" { tag = "identity" }
resource "bandwidth_webrtc_participant" "test" { tag = "identity" }
resource "bandwidth_webrtc_session_participant" "test" {
  session_id     = bandwidth_webrtc_session.test.id
  participant_id = bandwidth_webrtc_participant.test.id
}
`
	uuid := knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`))
	importByIdentity := func(address string) resource.TestStep {
		return resource.TestStep{
			Config:          config,
			ResourceName:    address,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithResourceIdentity,
			ImportPlanChecks: resource.ImportPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionNoop)},
			},
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		CheckDestroy:             expectNoParticipants(m),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity("bandwidth_webrtc_session.test", map[string]knownvalue.Check{"id": uuid}),
					statecheck.ExpectIdentity("bandwidth_webrtc_session_participant.test", map[string]knownvalue.Check{
						"session_id": uuid, "participant_id": uuid,
					}),
				},
			},
			importByIdentity("bandwidth_webrtc_session.test"),
			importByIdentity("bandwidth_webrtc_session_participant.test"),
		},
	})
}
