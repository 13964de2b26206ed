package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

const dailyRoomAddr = "bandwidth_webrtc_session.daily"

// subscribedToRoomConfig is a participant whose own subscriptions follow a session managed in
// the same configuration, so the session id is unknown at plan time whenever the session is
// replaced.
func subscribedToRoomConfig(m *accMock, roomTag string) string {
	return m.providerBlock() + fmt.Sprintf(`
resource "bandwidth_webrtc_session" "daily" {
  tag = %q
}

resource "bandwidth_webrtc_participant" "test" {
  tag           = "alice"
  subscriptions = { session_id = bandwidth_webrtc_session.daily.id }
}
`, roomTag)
}

// TestAccParticipant_sessionReplacedUnderSubscriptions walks the daily life of a session: its tag
// changes, it is replaced on request, and it expires and is re-created. Each time the participant's
// subscriptions move to a session whose id is unknown at plan time; the plan must announce the
// replacement apply performs, never an update that apply then contradicts.
func TestAccParticipant_sessionReplacedUnderSubscriptions(t *testing.T) {
	requireSubscriptionsWithoutMembership(t)
	m := startMock(t, webrtcmock.Options{})
	api := m.apiClient(t)
	tokenRotates := statecheck.CompareValue(compare.ValuesDiffer())
	tokenKept := statecheck.CompareValue(compare.ValuesSame())
	var sessionID, participantID string
	subscribedToNewSession := func(*terraform.State) error {
		if got := m.Stats().LiveParticipants; got != 1 {
			return fmt.Errorf("mock holds %d participants, want 1", got)
		}
		subs, err := api.GetParticipantSubscriptions(t.Context(), sessionID, participantID)
		if err != nil || subs.SessionID != sessionID {
			return fmt.Errorf("participant is not subscribed to the new session %s: %+v, %v", sessionID, subs, err)
		}
		return nil
	}

	replacedStep := func(roomTag string) resource.TestStep {
		return resource.TestStep{
			Config: subscribedToRoomConfig(m, roomTag),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectUnknownValue(participantAddr, tfjsonpath.New("id")), // not the token: a failed check prints the value
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				tokenRotates.AddStateValue(participantAddr, tfjsonpath.New("token")),
			},
			Check: resource.ComposeTestCheckFunc(
				captureID(dailyRoomAddr, &sessionID),
				captureID(participantAddr, &participantID),
				subscribedToNewSession,
			),
		}
	}
	tainted := replacedStep("standup")
	tainted.Taint = []string{dailyRoomAddr}
	tainted.ConfigStateChecks = append(tainted.ConfigStateChecks, tokenKept.AddStateValue(participantAddr, tfjsonpath.New("token")))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             expectNoParticipants(m),
		Steps: []resource.TestStep{
			{
				Config: subscribedToRoomConfig(m, "daily"),
				ConfigStateChecks: []statecheck.StateCheck{
					tokenRotates.AddStateValue(participantAddr, tfjsonpath.New("token")),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: captureID(dailyRoomAddr, &sessionID),
			},
			replacedStep("standup"),
			tainted,
			{
				// Expired: the refresh finds the session gone and the participant subscribed to nothing,
				// so subscribing it to the new session is an update that keeps its token.
				PreConfig: func() {
					if !m.RemoveSession(sessionID) {
						t.Fatalf("session %s was not in the mock", sessionID)
					}
				},
				Config: subscribedToRoomConfig(m, "standup"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(dailyRoomAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionUpdate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					tokenKept.AddStateValue(participantAddr, tfjsonpath.New("token")),
				},
				Check: resource.ComposeTestCheckFunc(captureID(dailyRoomAddr, &sessionID), subscribedToNewSession),
			},
		},
	})
}
