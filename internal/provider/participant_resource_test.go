package provider

import (
	"context"
	"fmt"
	"regexp"
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
	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

const participantAddr = "bandwidth_webrtc_participant.test"

func participantConfig(m *accMock, tag, sessionID, subscribedID, alias string) string {
	return m.providerBlock() + fmt.Sprintf(`
resource "bandwidth_webrtc_participant" "test" {
  callback_url        = "https://example.com/callback"
  publish_permissions = ["VIDEO", "AUDIO"]
  tag                 = %q
  device_api_version  = "V3"
  subscriptions = {
    session_id = %q
    participants = [{
      participant_id = %q
      stream_aliases = [%q]
    }]
  }
}
`, tag, sessionID, subscribedID, alias)
}

// TestAccParticipant_lifecycle runs the whole life of a participant against both server
// behaviours for subscriptions on create.
func TestAccParticipant_lifecycle(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		name := "spec-2.0.0"
		if legacy {
			name = "legacy-subscriptions-on-create"
		}
		t.Run(name, func(t *testing.T) {
			if !legacy {
				requireSubscriptionsWithoutMembership(t)
			}
			m := startMock(t, webrtcmock.Options{LegacySubscriptionsOnCreate: legacy})
			api := m.apiClient(t)
			ctx := context.Background()
			session, err := api.CreateSession(ctx, webrtc.Session{Tag: "acc"})
			if err != nil {
				t.Fatal(err)
			}
			other, err := api.CreateParticipant(ctx, webrtc.CreateParticipantRequest{Tag: "other"})
			if err != nil {
				t.Fatal(err)
			}
			otherID := other.Participant.ID

			sameID := statecheck.CompareValue(compare.ValuesSame())
			sameToken := statecheck.CompareValue(compare.ValuesSame())
			var id string

			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy:             expectOnlyTheParticipantMadeOutside(m),
				Steps: []resource.TestStep{
					{
						Config: participantConfig(m, "alice", session.ID, otherID, "microphone"),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionCreate)},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							sameID.AddStateValue(participantAddr, tfjsonpath.New("id")),
							sameToken.AddStateValue(participantAddr, tfjsonpath.New("token")),
							statecheck.ExpectSensitiveValue(participantAddr, tfjsonpath.New("token")),
							statecheck.ExpectKnownValue(participantAddr, tfjsonpath.New("token"), knownvalue.StringRegexp(regexp.MustCompile(`^eyJ[\w-]+\.[\w-]+\.[\w-]+$`))),
							statecheck.ExpectKnownValue(participantAddr, tfjsonpath.New("token_expires_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
							statecheck.ExpectKnownValue(participantAddr, tfjsonpath.New("publish_permissions"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("AUDIO"), knownvalue.StringExact("VIDEO")})),
							statecheck.ExpectKnownValue(participantAddr, tfjsonpath.New("subscriptions").AtMapKey("participants"), knownvalue.SetExact([]knownvalue.Check{
								knownvalue.ObjectExact(map[string]knownvalue.Check{
									"participant_id": knownvalue.StringExact(otherID),
									"stream_aliases": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("microphone")}),
								}),
							})),
						},
						Check: resource.ComposeTestCheckFunc(
							captureID(participantAddr, &id),
							func(*terraform.State) error {
								return expectMockSubscriptions(api, session.ID, id, otherID, "microphone")
							},
						),
					},
					{
						// Planning again refreshes: nothing changes, and the token is the one from create.
						Config: participantConfig(m, "alice", session.ID, otherID, "microphone"),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							sameToken.AddStateValue(participantAddr, tfjsonpath.New("token")),
						},
					},
					{
						Config: participantConfig(m, "alice", session.ID, otherID, "camera"),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionUpdate)},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							sameID.AddStateValue(participantAddr, tfjsonpath.New("id")),
							sameToken.AddStateValue(participantAddr, tfjsonpath.New("token")),
						},
						Check: func(*terraform.State) error {
							return expectMockSubscriptions(api, session.ID, id, otherID, "camera")
						},
					},
					{
						ResourceName:            participantAddr,
						ImportState:             true,
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: []string{"token", "token_expires_at", "token_expired", "subscriptions"},
					},
					{
						Config: participantConfig(m, "bob", session.ID, otherID, "camera"),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionDestroyBeforeCreate)},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.CompareValue(compare.ValuesDiffer()).AddStateValue(participantAddr, tfjsonpath.New("id")),
						},
						Check: func(s *terraform.State) error {
							if err := captureID(participantAddr, &id)(s); err != nil {
								return err
							}
							if got := m.Stats().LiveParticipants; got != 2 {
								return fmt.Errorf("mock holds %d participants after replacement, want 2", got)
							}
							return expectMockSubscriptions(api, session.ID, id, otherID, "camera")
						},
					},
					{
						// Deleted outside Terraform: refresh drops it and the plan creates it again.
						PreConfig: func() {
							if !m.RemoveParticipant(id) {
								t.Fatalf("participant %s was not in the mock", id)
							}
						},
						Config: participantConfig(m, "bob", session.ID, otherID, "camera"),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionCreate)},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
					{
						// Gone by the time it is deleted (deleted outside Terraform between refresh and
						// delete): the 404 is success, and the participant leaves state.
						PreConfig: func() {
							m.Inject(webrtcmock.OpDeleteParticipant, webrtcmock.Fault{Status: 404, AfterHandling: true})
						},
						Config: m.providerBlock(),
						Check: func(s *terraform.State) error {
							if got := m.Stats().Requests[webrtcmock.OpDeleteParticipant][404]; got != 1 {
								return fmt.Errorf("deleteParticipant answered 404 %d times, want 1", got)
							}
							if _, ok := s.RootModule().Resources[participantAddr]; ok {
								return fmt.Errorf("%s is still in state after its delete was answered 404", participantAddr)
							}
							return nil
						},
					},
				},
			})
			if got := m.Stats().ParticipantsCreated; got != 4 { // other, alice, bob, bob again
				t.Errorf("mock created %d participants, want 4: a create was duplicated or lost", got)
			}
		})
	}
}

// TestAccParticipant_streamAliasesChangedOutsideTerraform: stream aliases changed at the API
// outside Terraform, and echoed back by it, show as an update in the next plan, and applying puts
// the configured aliases back.
func TestAccParticipant_streamAliasesChangedOutsideTerraform(t *testing.T) {
	requireSubscriptionsWithoutMembership(t)
	m := startMock(t, webrtcmock.Options{})
	requireStreamAliasesEcho(t, m)
	api := m.apiClient(t)
	sessionID := mustCreateSession(t, api, "room")
	otherID := mustCreateParticipant(t, api, webrtc.CreateParticipantRequest{Tag: "other"})
	config := participantConfig(m, "alice", sessionID, otherID, "microphone")
	subscribedTo := func(aliases ...string) knownvalue.Check { return subscribedToAliases(&otherID, aliases...) }
	participants := tfjsonpath.New("subscriptions").AtMapKey("participants")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	sameToken := statecheck.CompareValue(compare.ValuesSame())
	var id string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             expectOnlyTheParticipantMadeOutside(m),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(participantAddr, tfjsonpath.New("id")),
					sameToken.AddStateValue(participantAddr, tfjsonpath.New("token")),
				},
				Check: resource.ComposeTestCheckFunc(
					captureID(participantAddr, &id),
					func(*terraform.State) error {
						return expectMockSubscriptions(api, sessionID, id, otherID, "microphone")
					},
				),
			},
			{
				// Someone resubscribes the participant to other streams of the same participant.
				PreConfig: func() { resubscribeOutsideTerraform(t, m, sessionID, id, otherID, "camera", "screen") },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionUpdate),
						expectRefreshedValue(participantAddr, participants, subscribedTo("camera", "screen")),
						plancheck.ExpectKnownValue(participantAddr, participants, subscribedTo("microphone")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(participantAddr, tfjsonpath.New("id")),
					sameToken.AddStateValue(participantAddr, tfjsonpath.New("token")),
					statecheck.ExpectKnownValue(participantAddr, participants, subscribedTo("microphone")),
				},
				Check: func(*terraform.State) error {
					if err := expectStoredAliases(m, id, sessionID, otherID, "microphone"); err != nil {
						return err
					}
					return expectMockSubscriptions(api, sessionID, id, otherID, "microphone")
				},
			},
		},
	})
}

// expectStoredAliases checks, out of band, that the mock stores exactly these stream aliases for
// resubscribeOutsideTerraform sets participantID's subscription to subscribedID's streams at the
// mock, through the API, as someone outside Terraform would.
func resubscribeOutsideTerraform(t *testing.T, m *accMock, sessionID, participantID, subscribedID string, aliases ...string) {
	t.Helper()
	changed := &webrtc.Subscriptions{SessionID: sessionID, Participants: []webrtc.ParticipantSubscription{
		{ParticipantID: subscribedID, StreamAliases: aliases},
	}}
	if err := m.apiClient(t).UpdateParticipantSubscriptions(t.Context(), sessionID, participantID, changed); err != nil {
		t.Fatal(err)
	}
	if err := expectStoredAliases(m, participantID, sessionID, subscribedID, aliases...); err != nil {
		t.Fatal(err)
	}
}

// subscribedToAliases checks a subscriptions.participants set that holds one subscription, to the
// participant whose id *subscribedID holds when the check runs (tests learn ids in earlier steps).
func subscribedToAliases(subscribedID *string, aliases ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(aliases))
	for i, a := range aliases {
		checks[i] = knownvalue.StringExact(a)
	}
	return checkLater(func() knownvalue.Check {
		return knownvalue.SetExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"participant_id": knownvalue.StringExact(*subscribedID),
			"stream_aliases": knownvalue.SetExact(checks),
		})})
	})
}

// participantID's subscription to subscribedID in the session, whatever a variant reads back.
func expectStoredAliases(m *accMock, participantID, sessionID, subscribedID string, aliases ...string) error {
	stored, ok := m.StoredSubscriptions(participantID, sessionID)
	if !ok {
		return fmt.Errorf("the mock stores no subscriptions for participant %s in session %s", participantID, sessionID)
	}
	for _, p := range stored.Participants {
		if sameID(p.ParticipantID, subscribedID) {
			got := slices.Sorted(slices.Values(p.StreamAliases))
			if want := slices.Sorted(slices.Values(aliases)); !slices.Equal(got, want) {
				return fmt.Errorf("the mock stores stream aliases %v for participant %s's subscription to %s, want %v",
					got, participantID, subscribedID, want)
			}
			return nil
		}
	}
	return fmt.Errorf("the mock stores no subscription of participant %s to %s: %+v", participantID, subscribedID, stored)
}

func expectMockSubscriptions(api *webrtc.Client, sessionID, participantID, subscribedID, alias string) error {
	got, err := api.GetParticipantSubscriptions(context.Background(), sessionID, participantID)
	if err != nil {
		return fmt.Errorf("read subscriptions from the mock: %w", err)
	}
	want, err := readBackAs(api, sessionID, participantID, &webrtc.Subscriptions{SessionID: sessionID, Participants: []webrtc.ParticipantSubscription{
		{ParticipantID: subscribedID, StreamAliases: []string{alias}},
	}})
	if err != nil {
		return err
	}
	if !want.Same(got) {
		return fmt.Errorf("mock holds subscriptions %+v, want %+v", got, want)
	}
	return nil
}

// TestAccParticipant_minimal: every argument is optional and server defaults cause no drift.
func TestAccParticipant_minimal(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             expectNoParticipants(m),
		Steps: []resource.TestStep{{
			Config: m.providerBlock() + `resource "bandwidth_webrtc_participant" "test" {}`,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(participantAddr, tfjsonpath.New("device_api_version"), knownvalue.StringExact("V3")),
				statecheck.ExpectKnownValue(participantAddr, tfjsonpath.New("sessions"), knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue(participantAddr, tfjsonpath.New("callback_url"), knownvalue.Null()),
				statecheck.ExpectKnownValue(participantAddr, tfjsonpath.New("subscriptions"), knownvalue.Null()),
			},
		}},
	})
}

// TestAccParticipant_subscriptionsRemovedInPlace: dropping subscriptions clears them at the API
// without replacing the participant.
func TestAccParticipant_subscriptionsRemovedInPlace(t *testing.T) {
	requireSubscriptionsWithoutMembership(t)
	m := startMock(t, webrtcmock.Options{})
	api := m.apiClient(t)
	session, err := api.CreateSession(context.Background(), webrtc.Session{})
	if err != nil {
		t.Fatal(err)
	}
	var id string
	sameToken := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             expectNoParticipants(m),
		Steps: []resource.TestStep{
			{
				Config: m.providerBlock() + fmt.Sprintf(`
resource "bandwidth_webrtc_participant" "test" {
  subscriptions = { session_id = %q }
}`, session.ID),
				ConfigStateChecks: []statecheck.StateCheck{
					sameToken.AddStateValue(participantAddr, tfjsonpath.New("token")),
				},
				Check: func(s *terraform.State) error {
					if err := captureID(participantAddr, &id)(s); err != nil {
						return err
					}
					got, err := api.GetParticipantSubscriptions(context.Background(), session.ID, id)
					if err != nil || got.SessionID != session.ID {
						return fmt.Errorf("whole-session subscription not applied: %+v, %v", got, err)
					}
					return nil
				},
			},
			{
				Config: m.providerBlock() + `resource "bandwidth_webrtc_participant" "test" {}`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameToken.AddStateValue(participantAddr, tfjsonpath.New("token")),
				},
				Check: func(*terraform.State) error {
					got, err := api.GetParticipantSubscriptions(context.Background(), session.ID, id)
					if err != nil || !got.IsEmpty() {
						return fmt.Errorf("subscriptions not cleared: %+v, %v", got, err)
					}
					return nil
				},
			},
		},
	})
}

func expectNoParticipants(m *accMock) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := m.Stats().LiveParticipants; got != 0 {
			return fmt.Errorf("mock still holds %d participants after destroy", got)
		}
		return nil
	}
}

// TestAccParticipant_subscriptionsClearedAfterSessionExpired: a saved plan removes the subscriptions,
// and the session expires before it is applied. Clearing subscriptions of a session that is gone
// is already done, not an error.
func TestAccParticipant_subscriptionsClearedAfterSessionExpired(t *testing.T) {
	requireSubscriptionsWithoutMembership(t)
	m := startMock(t, webrtcmock.Options{})
	session, err := m.apiClient(t).CreateSession(context.Background(), webrtc.Session{})
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             expectNoParticipants(m),
		Steps: []resource.TestStep{
			{
				Config: m.providerBlock() + fmt.Sprintf(`
resource "bandwidth_webrtc_participant" "test" {
  subscriptions = { session_id = %q }
}`, session.ID),
			},
			{
				Config: m.providerBlock() + `resource "bandwidth_webrtc_participant" "test" {}`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionUpdate),
						beforeApply(func() { m.RemoveSession(session.ID) }),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// expectOnlyTheParticipantMadeOutside checks, after destroy, that the mock holds one participant:
// the one the test made through the API, outside Terraform.
func expectOnlyTheParticipantMadeOutside(m *accMock) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := m.Stats().LiveParticipants; got != 1 {
			return fmt.Errorf("mock holds %d participants after destroy, want 1 (the one made outside Terraform)", got)
		}
		return nil
	}
}
