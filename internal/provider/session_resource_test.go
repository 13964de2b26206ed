package provider

import (
	"context"
	"fmt"
	"regexp"
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

const sessionAddr = "bandwidth_webrtc_session.test"

func sessionConfig(m *accMock, tag string) string {
	if tag == "" {
		return m.providerBlock() + `resource "bandwidth_webrtc_session" "test" {}`
	}
	return m.providerBlock() + fmt.Sprintf(`
resource "bandwidth_webrtc_session" "test" {
  tag = %q
}
`, tag)
}

func TestAccSession_lifecycle(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	var id, firstID string
	sameID := statecheck.CompareValue(compare.ValuesSame())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             expectNoSessions(m),
		Steps: []resource.TestStep{
			{
				Config:      sessionConfig(m, strings.Repeat("x", 51)),
				PlanOnly:    true,
				ExpectError: errorSaying("tag", "character count must be between 1 and 50, got: 51"),
			},
			{
				Config: sessionConfig(m, "standup"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(sessionAddr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(sessionAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(sessionAddr, tfjsonpath.New("tag"), knownvalue.StringExact("standup")),
				},
				Check: resource.ComposeTestCheckFunc(
					captureID(sessionAddr, &id),
					captureID(sessionAddr, &firstID),
					func(*terraform.State) error { return expectMockSession(m, id, "standup") },
				),
			},
			{
				Config: sessionConfig(m, "standup"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(sessionAddr, tfjsonpath.New("id")),
				},
			},
			{
				ResourceName:      sessionAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:  sessionAddr,
				ImportState:   true,
				ImportStateId: "standup",
				ExpectError:   regexp.MustCompile(`(?s)Invalid session id.*must be a UUID such as .*got "standup"`),
			},
			{
				// The API cannot change a session: a new tag is a new session.
				Config: sessionConfig(m, "retro"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(sessionAddr, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValue(compare.ValuesDiffer()).AddStateValue(sessionAddr, tfjsonpath.New("id")),
				},
				Check: func(s *terraform.State) error {
					if err := captureID(sessionAddr, &id)(s); err != nil {
						return err
					}
					if _, ok := m.Session(firstID); ok {
						return fmt.Errorf("replaced session %s is still at the mock", firstID)
					}
					return expectMockSession(m, id, "retro")
				},
			},
			{
				// Bandwidth's 9-hour cleanup: refresh drops the session and the plan creates it again.
				PreConfig: func() {
					if !m.RemoveSession(id) {
						t.Fatalf("session %s was not in the mock", id)
					}
				},
				Config: sessionConfig(m, "retro"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(sessionAddr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(s *terraform.State) error {
					old := id
					if err := captureID(sessionAddr, &id)(s); err != nil {
						return err
					}
					if id == old {
						return fmt.Errorf("session id %s kept after the session expired", id)
					}
					return expectMockSession(m, id, "retro")
				},
			},
			{
				Config: sessionConfig(m, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(sessionAddr, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(sessionAddr, tfjsonpath.New("tag"), knownvalue.Null()),
				},
				Check: func(s *terraform.State) error {
					if err := captureID(sessionAddr, &id)(s); err != nil {
						return err
					}
					if envMockVariant(webrtcmock.VariantGeneratedTag) {
						return expectMockSession(m, id, "session-"+id[:8]) // the server's own tag; state keeps null
					}
					return expectMockSession(m, id, "")
				},
			},
			{
				// Gone by the time it is deleted (expired between refresh and delete): the 404 is success.
				PreConfig: func() {
					m.Inject(webrtcmock.OpDeleteSession, webrtcmock.Fault{Status: 404, AfterHandling: true})
				},
				Config: m.providerBlock(),
				Check: func(*terraform.State) error {
					if got := m.Stats().Requests[webrtcmock.OpDeleteSession][404]; got != 1 {
						return fmt.Errorf("deleteSession answered 404 %d times, want 1", got)
					}
					return nil
				},
			},
		},
	})
}

// mustCreateSession, mustCreateParticipant and mustJoin make objects outside Terraform, for set-up.
func mustCreateSession(t *testing.T, api *webrtc.Client, tag string) string {
	t.Helper()
	s, err := api.CreateSession(context.Background(), webrtc.Session{Tag: tag})
	if err != nil {
		t.Fatal(err)
	}
	return s.ID
}

func mustCreateParticipant(t *testing.T, api *webrtc.Client, req webrtc.CreateParticipantRequest) string {
	t.Helper()
	p, err := api.CreateParticipant(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return p.Participant.ID
}

func mustJoin(t *testing.T, api *webrtc.Client, sessionID, participantID string, subs *webrtc.Subscriptions) {
	t.Helper()
	if err := api.AddParticipantToSession(context.Background(), sessionID, participantID, subs); err != nil {
		t.Fatal(err)
	}
}

func expectMockSession(m *accMock, id, tag string) error {
	s, ok := m.Session(id)
	if !ok {
		return fmt.Errorf("session %s is not at the mock", id)
	}
	if s.Tag != tag {
		return fmt.Errorf("session %s has tag %q at the mock, want %q", id, s.Tag, tag)
	}
	if got := m.Stats().LiveSessions; got != 1 {
		return fmt.Errorf("mock holds %d sessions, want 1", got)
	}
	return nil
}

func expectNoSessions(m *accMock) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := m.Stats().LiveSessions; got != 0 {
			return fmt.Errorf("mock still holds %d sessions after destroy", got)
		}
		return nil
	}
}
