package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
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

const (
	membershipA = "bandwidth_webrtc_session_participant.a"
	membershipB = "bandwidth_webrtc_session_participant.b"
	roomAddr    = "bandwidth_webrtc_session.room"
	aliceAddr   = "bandwidth_webrtc_participant.a"
	bobAddr     = "bandwidth_webrtc_participant.b"
)

// membershipConfig: a session and two participants made by Terraform, both in the session. The
// participants leave subscriptions to the memberships; a subscribes to b's alias (none: no
// subscriptions), b to the whole session.
func membershipConfig(m *accMock, aliceTag, alias string) string {
	aliceSubs := ""
	if alias != "" {
		aliceSubs = fmt.Sprintf(`
  subscriptions = {
    session_id   = bandwidth_webrtc_session.room.id
    participants = [{ participant_id = bandwidth_webrtc_participant.b.id, stream_aliases = [%q] }]
  }`, alias)
	}
	return m.providerBlock() + fmt.Sprintf(`
resource "bandwidth_webrtc_session" "room" {
  tag = "room"
}

resource "bandwidth_webrtc_participant" "a" {
  tag = %q
}

resource "bandwidth_webrtc_participant" "b" {
  tag = "bob"
}

resource "bandwidth_webrtc_session_participant" "a" {
  session_id     = bandwidth_webrtc_session.room.id
  participant_id = bandwidth_webrtc_participant.a.id
  %s
}

resource "bandwidth_webrtc_session_participant" "b" {
  session_id     = bandwidth_webrtc_session.room.id
  participant_id = bandwidth_webrtc_participant.b.id
  subscriptions  = { session_id = bandwidth_webrtc_session.room.id }
}
`, aliceTag, aliceSubs)
}

func TestAccMembership_lifecycle(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	api := m.apiClient(t)
	var sessionID, aliceID, bobID string
	capture := func(s *terraform.State) error {
		return resource.ComposeTestCheckFunc(
			captureID(roomAddr, &sessionID), captureID(aliceAddr, &aliceID), captureID(bobAddr, &bobID),
		)(s)
	}
	sameMembershipID := statecheck.CompareValue(compare.ValuesSame())
	sameAliceToken := statecheck.CompareValue(compare.ValuesSame())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: resource.ComposeTestCheckFunc(
			expectNoSessions(m), expectNoParticipants(m),
			func(*terraform.State) error {
				if got := m.Stats().Requests[webrtcmock.OpRemoveParticipantFromSession][204]; got < 2 {
					return fmt.Errorf("removeParticipantFromSession succeeded %d times, want the memberships removed before the objects", got)
				}
				return nil
			},
		),
		Steps: []resource.TestStep{
			{
				// One style per participant: the participants omit subscriptions, the memberships set
				// them; after apply and refresh nothing is planned.
				Config: membershipConfig(m, "alice", "microphone"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(membershipA, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(membershipB, plancheck.ResourceActionCreate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameMembershipID.AddStateValue(membershipA, tfjsonpath.New("id")),
					sameAliceToken.AddStateValue(aliceAddr, tfjsonpath.New("token")),
					statecheck.CompareValuePairs(membershipA, tfjsonpath.New("session_id"), roomAddr, tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.CompareValuePairs(membershipA, tfjsonpath.New("participant_id"), aliceAddr, tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(aliceAddr, tfjsonpath.New("subscriptions"), knownvalue.Null()),
					statecheck.ExpectKnownValue(membershipB, tfjsonpath.New("subscriptions"), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"participants": knownvalue.Null(),
					})),
				},
				Check: func(s *terraform.State) error {
					if err := capture(s); err != nil {
						return err
					}
					for addr, pid := range map[string]string{membershipA: aliceID, membershipB: bobID} {
						if got := s.RootModule().Resources[addr].Primary.ID; got != sessionID+"/"+pid {
							return fmt.Errorf("%s has id %q, want <session_id>/<participant_id>", addr, got)
						}
					}
					if err := expectMembers(api, sessionID, aliceID, bobID); err != nil {
						return err
					}
					if err := expectMockSubscriptions(api, sessionID, aliceID, bobID, "microphone"); err != nil {
						return err
					}
					return expectWholeSession(api, sessionID, bobID)
				},
			},
			{
				// A second plan, with a refresh of everything, is still empty.
				Config:           membershipConfig(m, "alice", "microphone"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Subscriptions the membership sets are authoritative: cleared outside Terraform, they are put back.
				PreConfig: func() {
					if err := api.UpdateParticipantSubscriptions(context.Background(), sessionID, bobID, nil); err != nil {
						t.Fatal(err)
					}
				},
				Config: membershipConfig(m, "alice", "microphone"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(membershipB, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(membershipA, plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error { return expectWholeSession(api, sessionID, bobID) },
			},
			{
				Config: membershipConfig(m, "alice", "camera"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(membershipA, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(aliceAddr, plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameMembershipID.AddStateValue(membershipA, tfjsonpath.New("id")),
					sameAliceToken.AddStateValue(aliceAddr, tfjsonpath.New("token")),
				},
				Check: func(*terraform.State) error {
					return expectMockSubscriptions(api, sessionID, aliceID, bobID, "camera")
				},
			},
			{
				// Removing the attribute leaves the subscriptions as they are: the membership no longer
				// manages them, and no request is sent.
				Config: membershipConfig(m, "alice", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(membershipA, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameMembershipID.AddStateValue(membershipA, tfjsonpath.New("id")),
				},
				Check: func(*terraform.State) error {
					if err := expectMockSubscriptions(api, sessionID, aliceID, bobID, "camera"); err != nil {
						return err
					}
					return expectMembers(api, sessionID, aliceID, bobID)
				},
			},
			{
				ResourceName:      membershipA,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:  membershipA,
				ImportState:   true,
				ImportStateId: "75c21163-e110-41bc-bd76-1bb428ec85d5",
				ExpectError:   errorSaying("Invalid membership id", "<session_id>/<participant_id>, two UUIDs", `got "75c21163-e110-41bc-bd76-1bb428ec85d5"`),
			},
			{
				ResourceName:  membershipA,
				ImportState:   true,
				ImportStateId: "75c21163-e110-41bc-bd76-1bb428ec85d5/alice",
				ExpectError:   errorSaying("Invalid membership id", "two UUIDs separated by a slash", `got "75c21163-e110-41bc-bd76-1bb428ec85d5/alice"`),
			},
			{
				// Removed from the session outside Terraform: refresh drops the membership and the plan adds it again.
				PreConfig: func() {
					if err := api.RemoveParticipantFromSession(context.Background(), sessionID, aliceID); err != nil {
						t.Fatal(err)
					}
				},
				Config: membershipConfig(m, "alice", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(membershipA, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(membershipB, plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error { return expectMembers(api, sessionID, aliceID, bobID) },
			},
			{
				// A replaced participant is a new participant: its membership is replaced with it.
				Config: membershipConfig(m, "alice-2", "microphone"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(aliceAddr, plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectResourceAction(membershipA, plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectResourceAction(membershipB, plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValue(compare.ValuesDiffer()).AddStateValue(membershipA, tfjsonpath.New("id")),
				},
				Check: func(s *terraform.State) error {
					if err := capture(s); err != nil {
						return err
					}
					if err := expectMembers(api, sessionID, aliceID, bobID); err != nil {
						return err
					}
					return expectMockSubscriptions(api, sessionID, aliceID, bobID, "microphone")
				},
			},
			{
				// The session expired: it and both memberships are planned again; the participants stay.
				PreConfig: func() {
					if !m.RemoveSession(sessionID) {
						t.Fatalf("session %s was not in the mock", sessionID)
					}
				},
				Config: membershipConfig(m, "alice-2", "microphone"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(roomAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(membershipA, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(membershipB, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(aliceAddr, plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction(bobAddr, plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(s *terraform.State) error {
					old := sessionID
					if err := capture(s); err != nil {
						return err
					}
					if sessionID == old {
						return fmt.Errorf("session id %s kept after the session expired", old)
					}
					if err := expectMembers(api, sessionID, aliceID, bobID); err != nil {
						return err
					}
					if err := expectMockSubscriptions(api, sessionID, aliceID, bobID, "microphone"); err != nil {
						return err
					}
					return expectWholeSession(api, sessionID, bobID)
				},
			},
		},
	})
}

// TestAccMembership_participantOwnsSubscriptions is the other style: the participant resource
// sets subscriptions, the membership does not, and the membership leaves them alone.
func TestAccMembership_participantOwnsSubscriptions(t *testing.T) {
	requireSubscriptionsWithoutMembership(t)
	m := startMock(t, webrtcmock.Options{})
	api := m.apiClient(t)
	config := m.providerBlock() + `
resource "bandwidth_webrtc_session" "room" {}

resource "bandwidth_webrtc_participant" "a" {
  subscriptions = { session_id = bandwidth_webrtc_session.room.id }
}

resource "bandwidth_webrtc_session_participant" "a" {
  session_id     = bandwidth_webrtc_session.room.id
  participant_id = bandwidth_webrtc_participant.a.id
}
`
	var sessionID, aliceID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             resource.ComposeTestCheckFunc(expectNoSessions(m), expectNoParticipants(m)),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(membershipA, tfjsonpath.New("subscriptions"), knownvalue.Null()),
				},
				Check: func(s *terraform.State) error {
					if err := resource.ComposeTestCheckFunc(captureID(roomAddr, &sessionID), captureID(aliceAddr, &aliceID))(s); err != nil {
						return err
					}
					if err := expectMembers(api, sessionID, aliceID); err != nil {
						return err
					}
					return expectWholeSession(api, sessionID, aliceID)
				},
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// TestAccMembership_streamAliasesChangedOutsideTerraform: stream aliases of a membership's
// subscriptions changed at the API outside Terraform, and echoed back by it, show as an update of
// the membership in the next plan (and of nothing else), and applying puts the configured aliases back.
func TestAccMembership_streamAliasesChangedOutsideTerraform(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	requireStreamAliasesEcho(t, m)
	api := m.apiClient(t)
	config := membershipConfig(m, "alice", "microphone")
	var sessionID, aliceID, bobID string
	subscribedTo := func(aliases ...string) knownvalue.Check { return subscribedToAliases(&bobID, aliases...) }
	participants := tfjsonpath.New("subscriptions").AtMapKey("participants")
	sameMembershipID := statecheck.CompareValue(compare.ValuesSame())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             resource.ComposeTestCheckFunc(expectNoSessions(m), expectNoParticipants(m)),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameMembershipID.AddStateValue(membershipA, tfjsonpath.New("id")),
				},
				Check: func(s *terraform.State) error {
					if err := resource.ComposeTestCheckFunc(
						captureID(roomAddr, &sessionID), captureID(aliceAddr, &aliceID), captureID(bobAddr, &bobID),
					)(s); err != nil {
						return err
					}
					return expectMockSubscriptions(api, sessionID, aliceID, bobID, "microphone")
				},
			},
			{
				// Someone resubscribes alice to other streams of bob.
				PreConfig: func() { resubscribeOutsideTerraform(t, m, sessionID, aliceID, bobID, "camera", "screen") },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(membershipA, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(membershipB, plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction(aliceAddr, plancheck.ResourceActionNoop),
						expectRefreshedValue(membershipA, participants, subscribedTo("camera", "screen")),
						plancheck.ExpectKnownValue(membershipA, participants, subscribedTo("microphone")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameMembershipID.AddStateValue(membershipA, tfjsonpath.New("id")),
				},
				Check: func(*terraform.State) error {
					if err := expectStoredAliases(m, aliceID, sessionID, bobID, "microphone"); err != nil {
						return err
					}
					if err := expectMembers(api, sessionID, aliceID, bobID); err != nil {
						return err
					}
					return expectMockSubscriptions(api, sessionID, aliceID, bobID, "microphone")
				},
			},
		},
	})
}

// checkLater is a knownvalue.Check built when it runs, for values that tests learn in earlier steps.
type checkLater func() knownvalue.Check

func (c checkLater) CheckValue(v any) error { return c().CheckValue(v) }
func (c checkLater) String() string         { return c().String() }

// TestAccMembership_conflicts: the API's 409 on add becomes a diagnostic naming the limit hit.
func TestAccMembership_conflicts(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	api := m.apiClient(t)
	busy, other, full := mustCreateSession(t, api, ""), mustCreateSession(t, api, ""), mustCreateSession(t, api, "")
	taken := mustCreateParticipant(t, api, webrtc.CreateParticipantRequest{})
	free := mustCreateParticipant(t, api, webrtc.CreateParticipantRequest{})
	mustJoin(t, api, busy, taken, nil)
	for range webrtc.MaxSessionParticipants {
		mustJoin(t, api, full, mustCreateParticipant(t, api, webrtc.CreateParticipantRequest{}), nil)
	}
	config := func(sessionID, participantID string) string {
		return m.providerBlock() + fmt.Sprintf(`
resource "bandwidth_webrtc_session_participant" "test" {
  session_id     = %q
  participant_id = %q
}
`, sessionID, participantID)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(other, taken),
				ExpectError: errorSaying("Participant is already in another session", "already in session "+busy,
					"Remove it from session "+busy+" first", "or use another participant"),
			},
			{
				Config:      config(full, free),
				ExpectError: errorSaying("Session is full", "already holds 20 participants", "Remove a participant from the session first"),
			},
		},
	})
	if err := expectMembers(api, busy, taken); err != nil {
		t.Error(err)
	}
	if err := expectMembers(api, other); err != nil {
		t.Error(err)
	}
	if p, ok := m.Participant(free); !ok || len(p.Sessions) != 0 {
		t.Errorf("participant %s was added to a session despite the error: %+v", free, p)
	}
}

// TestAccMembership_existingObjects: only the membership is in Terraform. Its destroy removes the
// participant from the session and nothing else, and a 404 on that remove counts as done.
func TestAccMembership_existingObjects(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	api := m.apiClient(t)
	sessionID, otherSessionID := mustCreateSession(t, api, ""), mustCreateSession(t, api, "")
	participantID := mustCreateParticipant(t, api, webrtc.CreateParticipantRequest{})
	config := func(subsSession string) string {
		return m.providerBlock() + fmt.Sprintf(`
resource "bandwidth_webrtc_session_participant" "test" {
  session_id     = %q
  participant_id = %q
  subscriptions  = { session_id = %q }
}
`, sessionID, participantID, subsSession)
	}
	const addr = "bandwidth_webrtc_session_participant.test"
	var requestsBefore int

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if err := expectMembers(api, sessionID); err != nil {
				return err
			}
			if got := m.Stats(); got.LiveSessions != 2 || got.LiveParticipants != 1 {
				return fmt.Errorf("destroying the membership changed other objects: %d sessions, %d participants left, want 2 and 1",
					got.LiveSessions, got.LiveParticipants)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				PreConfig: func() { requestsBefore = m.TotalRequests() },
				Config: m.providerBlock() + `
resource "bandwidth_webrtc_session_participant" "test" {
  session_id     = "` + sessionID + `"
  participant_id = "alice"
}
`,
				PlanOnly:    true,
				ExpectError: errorSaying("participant_id", "must be a UUID", "got: alice"),
			},
			{
				Config:   config(otherSessionID),
				PlanOnly: true,
				ExpectError: errorSaying("Subscriptions for another session", "subscriptions  = { session_id",
					"subscriptions.session_id is "+otherSessionID+", but this membership is in session "+sessionID),
			},
			{
				PreConfig: func() {
					if got := m.TotalRequests(); got != requestsBefore {
						t.Errorf("an invalid configuration reached the API: %d requests", got-requestsBefore)
					}
				},
				Config: config(sessionID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if err := expectMembers(api, sessionID, participantID); err != nil {
						return err
					}
					return expectWholeSession(api, sessionID, participantID)
				},
			},
			{
				PreConfig: func() {
					m.Inject(webrtcmock.OpRemoveParticipantFromSession, webrtcmock.Fault{Status: 404, AfterHandling: true})
				},
				Config: m.providerBlock(),
				Check: func(*terraform.State) error {
					if got := m.Stats().Requests[webrtcmock.OpRemoveParticipantFromSession][404]; got != 1 {
						return fmt.Errorf("removeParticipantFromSession answered 404 %d times, want 1", got)
					}
					return nil
				},
			},
		},
	})
}

// TestAccMembership_subscriptionsSessionCheckedAtApply: ids unknown at the first plan are checked
// once known, before the membership is created.
func TestAccMembership_subscriptionsSessionCheckedAtApply(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             resource.ComposeTestCheckFunc(expectNoSessions(m), expectNoParticipants(m)),
		Steps: []resource.TestStep{{
			Config: m.providerBlock() + `
resource "bandwidth_webrtc_session" "one" {}
resource "bandwidth_webrtc_session" "two" {}
resource "bandwidth_webrtc_participant" "a" {}

resource "bandwidth_webrtc_session_participant" "a" {
  session_id     = bandwidth_webrtc_session.one.id
  participant_id = bandwidth_webrtc_participant.a.id
  subscriptions  = { session_id = bandwidth_webrtc_session.two.id }
}
`,
			ExpectError: errorSaying("Subscriptions for another session", "set subscriptions.session_id to the same value as session_id"),
		}},
	})
	if got := m.Stats().Requests[webrtcmock.OpAddParticipantToSession]; len(got) != 0 {
		t.Errorf("the mismatched membership reached the API: %v", got)
	}
}

func TestUnitParseMembershipID(t *testing.T) {
	const s, p = "75c21163-e110-41bc-bd76-1bb428ec85d5", "320e2af6-13ec-498d-8b51-daba52c37853"
	for _, tc := range []struct {
		id     string
		wantOK bool
	}{
		{s + "/" + p, true},
		{s, false},
		{s + "/", false},
		{"/" + p, false},
		{s + "/" + p + "/" + p, false},
		{s + "/alice", false},
		{s + " /" + p, false},
		{"", false},
	} {
		gotS, gotP, err := parseMembershipID(tc.id)
		if tc.wantOK != (err == nil) {
			t.Errorf("parseMembershipID(%q) error = %v, want ok %v", tc.id, err, tc.wantOK)
			continue
		}
		if tc.wantOK && (gotS != s || gotP != p || membershipID(gotS, gotP) != tc.id) {
			t.Errorf("parseMembershipID(%q) = %q, %q", tc.id, gotS, gotP)
		}
	}
}

// expectMembers checks the session holds exactly these participants.
func expectMembers(api *webrtc.Client, sessionID string, participantIDs ...string) error {
	members, err := api.ListSessionParticipants(context.Background(), sessionID)
	if err != nil {
		return fmt.Errorf("list the members of %s at the mock: %w", sessionID, err)
	}
	got := make([]string, len(members))
	for i, p := range members {
		got[i] = p.ID
	}
	slices.Sort(got)
	want := slices.Sorted(slices.Values(participantIDs))
	if !slices.Equal(got, want) {
		return fmt.Errorf("session %s holds %v at the mock, want %v", sessionID, got, want)
	}
	return nil
}

func expectWholeSession(api *webrtc.Client, sessionID, participantID string) error {
	got, err := api.GetParticipantSubscriptions(context.Background(), sessionID, participantID)
	if err != nil {
		return fmt.Errorf("read subscriptions from the mock: %w", err)
	}
	want, err := readBackAs(api, sessionID, participantID, &webrtc.Subscriptions{SessionID: sessionID})
	if err != nil {
		return err
	}
	if !want.Same(got) {
		return fmt.Errorf("participant %s has subscriptions %+v at the mock, want the whole session %s", participantID, got, sessionID)
	}
	return nil
}

// errorSaying matches a diagnostic containing each phrase in order, however Terraform wrapped its lines.
func errorSaying(phrases ...string) *regexp.Regexp {
	quoted := make([]string, len(phrases))
	for i, p := range phrases {
		quoted[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}
