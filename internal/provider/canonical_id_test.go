package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// TestAccCanonicalIDs: ids written in capitals in the configuration are the API's lowercase ids.
// Nothing is re-added or re-subscribed at every apply, and the configured spelling stays in state.
func TestAccCanonicalIDs(t *testing.T) {
	requireSubscriptionsWithoutMembership(t)
	m := startMock(t, webrtcmock.Options{})
	api := m.apiClient(t)
	ctx := context.Background()
	session, err := api.CreateSession(ctx, webrtc.Session{Tag: "caps"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, tag := range []string{"member", "watched", "viewer"} {
		p, err := api.CreateParticipant(ctx, webrtc.CreateParticipantRequest{Tag: tag})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, strings.ToUpper(p.Participant.ID))
	}
	config := m.providerBlock() + fmt.Sprintf(`
resource "bandwidth_webrtc_session_participant" "member" {
  session_id     = %[1]q
  participant_id = %[2]q
  subscriptions = {
    session_id   = %[1]q
    participants = [{ participant_id = %[3]q }]
  }
}

resource "bandwidth_webrtc_participant" "subscriber" {
  subscriptions = {
    session_id   = %[1]q
    participants = [{ participant_id = %[4]q }]
  }
}
`, strings.ToUpper(session.ID), ids[0], ids[1], ids[2])

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
	if got := m.Stats().ParticipantsCreated; got != 4 {
		t.Errorf("mock created %d participants, want 4", got)
	}
}
