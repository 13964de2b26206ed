package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

func recordedParticipantConfig(tg *recordTarget, tag string) string {
	return tg.providerBlock() + fmt.Sprintf(`
resource "bandwidth_webrtc_participant" "test" {
  tag                 = %q
  publish_permissions = ["VIDEO", "AUDIO"]
  device_api_version  = "V3"
}
`, tag)
}

// TestAccRecorded_participantLifecycle is recordable: it checks the API only through the
// target's own client, so it runs unchanged against the mock, the real API, or a cassette.
func TestAccRecorded_participantLifecycle(t *testing.T) {
	tg := newRecordTarget(t)
	api := tg.apiClient(t)
	ctx := context.Background()
	var id, firstID string
	sameToken := statecheck.CompareValue(compare.ValuesSame())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tg.factories(),
		CheckDestroy: func(*terraform.State) error {
			for _, pid := range []string{firstID, id} {
				if _, err := api.GetParticipant(ctx, pid); !webrtc.IsNotFound(err) {
					return fmt.Errorf("participant %s after destroy: want 404, got %v", pid, err)
				}
			}
			if tg.mock != nil {
				if got := tg.mock.Stats().ParticipantsCreated; got != 3 {
					return fmt.Errorf("mock created %d participants, want 3 (create, replacement, re-create)", got)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: recordedParticipantConfig(tg, "vcr-alice"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameToken.AddStateValue(participantAddr, tfjsonpath.New("token")),
					statecheck.ExpectSensitiveValue(participantAddr, tfjsonpath.New("token")),
					statecheck.ExpectKnownValue(participantAddr, tfjsonpath.New("token"), knownvalue.StringRegexp(regexp.MustCompile(`^eyJ[\w-]+\.[\w-]+\.[\w-]+$`))),
					statecheck.ExpectKnownValue(participantAddr, tfjsonpath.New("token_expires_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
					statecheck.ExpectKnownValue(participantAddr, tfjsonpath.New("token_expired"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(participantAddr, tfjsonpath.New("tag"), knownvalue.StringExact("vcr-alice")),
					statecheck.ExpectKnownValue(participantAddr, tfjsonpath.New("publish_permissions"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("AUDIO"), knownvalue.StringExact("VIDEO")})),
					statecheck.ExpectKnownValue(participantAddr, tfjsonpath.New("sessions"), knownvalue.ListSizeExact(0)),
				},
				Check: resource.ComposeTestCheckFunc(
					captureID(participantAddr, &id),
					captureID(participantAddr, &firstID),
					func(*terraform.State) error {
						p, err := api.GetParticipant(ctx, id)
						if err != nil {
							return err
						}
						if p.Tag != "vcr-alice" || len(p.PublishPermissions) != 2 {
							return fmt.Errorf("API holds %+v, want tag vcr-alice with AUDIO and VIDEO", p)
						}
						return nil
					},
				),
			},
			{
				Config:            recordedParticipantConfig(tg, "vcr-alice"),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{sameToken.AddStateValue(participantAddr, tfjsonpath.New("token"))},
			},
			{
				ResourceName:            participantAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"token", "token_expires_at", "token_expired"},
			},
			{
				// No update call exists for a participant: a new tag is a new participant.
				Config: recordedParticipantConfig(tg, "vcr-bob"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValue(compare.ValuesDiffer()).AddStateValue(participantAddr, tfjsonpath.New("id")),
				},
				Check: resource.ComposeTestCheckFunc(
					captureID(participantAddr, &id),
					func(*terraform.State) error {
						if _, err := api.GetParticipant(ctx, firstID); !webrtc.IsNotFound(err) {
							return fmt.Errorf("replaced participant %s: want 404, got %v", firstID, err)
						}
						return nil
					},
				),
			},
			{
				// Deleted outside Terraform (through the API, so the step records too): refresh drops
				// it and the plan creates it again.
				PreConfig: func() {
					if err := api.DeleteParticipant(ctx, id); err != nil {
						t.Fatalf("delete participant %s outside Terraform: %v", id, err)
					}
				},
				Config: recordedParticipantConfig(tg, "vcr-bob"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: captureID(participantAddr, &id),
			},
		},
	})
}
