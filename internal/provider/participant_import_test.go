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

// TestAccParticipant_importBlock imports with an `import {}` block (Terraform >= 1.5) and
// refuses a malformed id with a clear message.
func TestAccParticipant_importBlock(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	config := m.providerBlock() + `resource "bandwidth_webrtc_participant" "test" { tag = "imported" }`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_5_0)},
		CheckDestroy:             expectNoParticipants(m),
		Steps: []resource.TestStep{
			{Config: config},
			{
				Config:          config,
				ResourceName:    participantAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionNoop)},
				},
			},
			{
				Config:        config,
				ResourceName:  participantAddr,
				ImportState:   true,
				ImportStateId: "not-a-uuid",
				ExpectError:   regexp.MustCompile(`(?s)Invalid participant id.*must be a UUID`),
			},
		},
	})
}

// TestAccParticipant_identity records the participant's identity and imports by it. Resource
// identity needs Terraform >= 1.12 or OpenTofu >= 1.12 (`make testacc-tofu`); older CLIs skip it.
func TestAccParticipant_identity(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	config := m.providerBlock() + `resource "bandwidth_webrtc_participant" "test" { tag = "identity" }`
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		CheckDestroy:             expectNoParticipants(m),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check:  captureID(participantAddr, &id),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(participantAddr, map[string]knownvalue.Check{
						"id": knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`)),
					}),
				},
			},
			{
				Config:          config,
				ResourceName:    participantAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionNoop)},
				},
			},
		},
	})
}
