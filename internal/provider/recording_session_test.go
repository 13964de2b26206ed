package provider

import (
	"context"
	"fmt"
	"slices"
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

const (
	recordedRoom        = "bandwidth_webrtc_session.room"
	recordedHost        = "bandwidth_webrtc_participant.host"
	recordedGuest       = "bandwidth_webrtc_participant.guest"
	recordedHostMember  = "bandwidth_webrtc_session_participant.host"
	recordedGuestMember = "bandwidth_webrtc_session_participant.guest"
)

// recordedSessionConfig: a session, two participants, and both in the session; the host receives
// one stream alias of the guest, the guest receives the whole session. Every object has its own
// tag so that no two requests of one run are alike (the replay matches by body).
func recordedSessionConfig(tg *recordTarget, alias string) string {
	return tg.providerBlock() + fmt.Sprintf(`
resource "bandwidth_webrtc_session" "room" {
  tag = "vcr-room"
}

resource "bandwidth_webrtc_participant" "host" {
  tag                 = "vcr-host"
  publish_permissions = ["AUDIO", "VIDEO"]
}

resource "bandwidth_webrtc_participant" "guest" {
  tag                 = "vcr-guest"
  publish_permissions = ["AUDIO"]
}

resource "bandwidth_webrtc_session_participant" "host" {
  session_id     = bandwidth_webrtc_session.room.id
  participant_id = bandwidth_webrtc_participant.host.id
  subscriptions = {
    session_id   = bandwidth_webrtc_session.room.id
    participants = [{ participant_id = bandwidth_webrtc_participant.guest.id, stream_aliases = [%q] }]
  }
}

resource "bandwidth_webrtc_session_participant" "guest" {
  session_id     = bandwidth_webrtc_session.room.id
  participant_id = bandwidth_webrtc_participant.guest.id
  subscriptions  = { session_id = bandwidth_webrtc_session.room.id }
}
`, alias)
}

// TestAccRecorded_sessionMembership is recordable like TestAccRecorded_participantLifecycle.
func TestAccRecorded_sessionMembership(t *testing.T) {
	tg := newRecordTarget(t)
	api := tg.apiClient(t)
	ctx := context.Background()
	var sessionID, hostID, guestID string
	sameMembership := statecheck.CompareValue(compare.ValuesSame())

	expectSubscriptions := func(alias string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			members, err := api.ListSessionParticipants(ctx, sessionID)
			if err != nil {
				return err
			}
			for _, pid := range []string{hostID, guestID} {
				if !slices.ContainsFunc(members, func(p webrtc.Participant) bool { return p.ID == pid }) {
					return fmt.Errorf("participant %s is not in session %s: %+v", pid, sessionID, members)
				}
			}
			got, err := api.GetParticipantSubscriptions(ctx, sessionID, hostID)
			if err != nil {
				return err
			}
			want := &webrtc.Subscriptions{SessionID: sessionID, Participants: []webrtc.ParticipantSubscription{
				{ParticipantID: guestID, StreamAliases: []string{alias}},
			}}
			if !want.Same(got) {
				return fmt.Errorf("host subscriptions at the API are %+v, want %+v", got, want)
			}
			return nil
		}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tg.factories(),
		CheckDestroy: func(*terraform.State) error {
			if _, err := api.GetSession(ctx, sessionID); !webrtc.IsNotFound(err) {
				return fmt.Errorf("session %s after destroy: want 404, got %v", sessionID, err)
			}
			for _, pid := range []string{hostID, guestID} {
				if _, err := api.GetParticipant(ctx, pid); !webrtc.IsNotFound(err) {
					return fmt.Errorf("participant %s after destroy: want 404, got %v", pid, err)
				}
			}
			if tg.mock != nil {
				if got := tg.mock.Stats().LiveParticipants; got != 0 {
					return fmt.Errorf("mock holds %d participants after destroy", got)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: recordedSessionConfig(tg, "microphone"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(recordedRoom, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(recordedHostMember, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(recordedGuestMember, plancheck.ResourceActionCreate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameMembership.AddStateValue(recordedHostMember, tfjsonpath.New("id")),
					statecheck.CompareValuePairs(recordedHostMember, tfjsonpath.New("session_id"), recordedRoom, tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(recordedGuestMember, tfjsonpath.New("subscriptions"), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"participants": knownvalue.Null(),
					})),
				},
				Check: resource.ComposeTestCheckFunc(
					captureID(recordedRoom, &sessionID), captureID(recordedHost, &hostID), captureID(recordedGuest, &guestID),
					expectSubscriptions("microphone"),
				),
			},
			{
				// Subscriptions update in place: nothing is replaced.
				Config: recordedSessionConfig(tg, "camera"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(recordedHostMember, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(recordedHost, plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction(recordedRoom, plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameMembership.AddStateValue(recordedHostMember, tfjsonpath.New("id")),
				},
				Check: expectSubscriptions("camera"),
			},
			{
				ResourceName:            recordedHostMember,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"subscriptions"}, // null after import until the next apply
			},
			{
				ResourceName:      recordedRoom,
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}
