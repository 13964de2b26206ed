package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// TestAccMembership_retriedAddAnsweredConflict: the first add goes through but its answer is lost
// (500 after the mock acted), and the retry is answered 409 because the participant is now in the
// session. The membership is adopted, with its subscriptions, instead of failing at every apply.
func TestAccMembership_retriedAddAnsweredConflict(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	api := m.apiClient(t)
	ctx := context.Background()
	session, err := api.CreateSession(ctx, webrtc.Session{Tag: "retry"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := api.CreateParticipant(ctx, webrtc.CreateParticipantRequest{Tag: "retried"})
	if err != nil {
		t.Fatal(err)
	}
	m.Inject(webrtcmock.OpAddParticipantToSession, webrtcmock.Fault{Status: 500, AfterHandling: true})
	m.Inject(webrtcmock.OpAddParticipantToSession, webrtcmock.Fault{Status: 409})
	config := m.providerBlock() + fmt.Sprintf(`
resource "bandwidth_webrtc_session_participant" "test" {
  session_id     = %[1]q
  participant_id = %[2]q
  subscriptions  = { session_id = %[1]q }
}
`, session.ID, p.Participant.ID)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: func(*terraform.State) error {
				answers := m.Stats().Requests[webrtcmock.OpAddParticipantToSession]
				if answers[500] != 1 || answers[409] != 1 {
					return fmt.Errorf("adds answered %v, want one 500 and one 409 from the faults", answers)
				}
				subs, err := api.GetParticipantSubscriptions(ctx, session.ID, p.Participant.ID)
				if err != nil || subs.SessionID != session.ID {
					return fmt.Errorf("adopted membership lacks its subscriptions: %+v, %v", subs, err)
				}
				return nil
			},
		}},
	})
}
