package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// crossProviderMoveCheck skips on CLIs that cannot move state between resource types of
// different providers: Terraform before 1.8, OpenTofu before 1.10.
type crossProviderMoveCheck struct{ t *testing.T }

func (c crossProviderMoveCheck) CheckTerraformVersion(_ context.Context, _ tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	cli, v := cliVersion(c.t)
	minimum := version.Must(version.NewVersion("1.8.0"))
	if cli == "OpenTofu" {
		minimum = version.Must(version.NewVersion("1.10.0"))
	}
	if v.Core().LessThan(minimum) {
		resp.Skip = fmt.Sprintf("%s %s cannot move state from restapi_object (moved blocks across providers need %s %s or later)",
			cli, v, cli, minimum)
	}
}

// moveFactories serves this provider and the restapi stand-in side by side.
func moveFactories(sensitive bool) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"bandwidth": protoV6ProviderFactories["bandwidth"],
		"restapi":   restapiStandinFactory(sensitive),
	}
}

// restapiConfig is how teams manage the three kinds with restapi today (testdata/restapi/v3/main.tf),
// pointed at the mock. That file gives memberships an aliased restapi provider; here one provider
// block serves all three, because the test framework runs every instance of a provider in one
// in-process server, where the last configuration wins. The state is the same either way.
func (m *accMock) restapiConfig() string {
	return m.restapiProviderBlock() + `
resource "restapi_object" "alice" {
  path                    = "/participants"
  id_attribute            = "participant/id"
  data                    = jsonencode({ tag = "alice", publishPermissions = ["AUDIO", "VIDEO"], callbackUrl = "https://example.com/cb" })
  ignore_server_additions = true
  force_new               = ["tag", "publishPermissions", "callbackUrl"]
}

resource "restapi_object" "room" {
  path                    = "/sessions"
  data                    = jsonencode({ tag = "room" })
  id_attribute            = "id"
  ignore_server_additions = true
  force_new               = ["tag"]
}

resource "restapi_object" "alice_in_room" {
  path                      = "/sessions/${restapi_object.room.id}/participants"
  create_path               = "/sessions/${restapi_object.room.id}/participants/{id}"
  read_path                 = "/sessions/${restapi_object.room.id}/participants/{id}/subscriptions"
  create_method             = "PUT"
  id_attribute              = "participantId"
  data                      = jsonencode({ participantId = restapi_object.alice.id, sessionId = restapi_object.room.id })
  ignore_all_server_changes = true
}
`
}

func (m *accMock) restapiProviderBlock() string {
	return fmt.Sprintf(`
provider "restapi" {
  uri                   = %q
  username              = %q
  password              = %q
  create_returns_object = true
}
`, m.server.BaseURL()+"/accounts/"+m.opts.AccountID, m.opts.Username, m.opts.Password)
}

// movedConfig is the same objects in this provider, with the moved blocks of the migration guide.
// The restapi provider blocks are gone: nothing in state needs them once the objects have moved.
func (m *accMock) movedConfig() string {
	return m.providerBlock() + `
resource "bandwidth_webrtc_participant" "alice" {
  tag                 = "alice"
  publish_permissions = ["AUDIO", "VIDEO"]
  callback_url        = "https://example.com/cb"
}

resource "bandwidth_webrtc_session" "room" {
  tag = "room"
}

resource "bandwidth_webrtc_session_participant" "alice_in_room" {
  session_id     = bandwidth_webrtc_session.room.id
  participant_id = bandwidth_webrtc_participant.alice.id
}

moved {
  from = restapi_object.alice
  to   = bandwidth_webrtc_participant.alice
}

moved {
  from = restapi_object.room
  to   = bandwidth_webrtc_session.room
}

moved {
  from = restapi_object.alice_in_room
  to   = bandwidth_webrtc_session_participant.alice_in_room
}
`
}

// mockWrites counts the calls that create, change or delete anything at the mock.
func mockWrites(m *accMock) map[string]int {
	stats := m.Stats()
	out := map[string]int{"participantsCreated": stats.ParticipantsCreated}
	for _, op := range []string{
		webrtcmock.OpCreateParticipant, webrtcmock.OpDeleteParticipant, webrtcmock.OpCreateSession, webrtcmock.OpDeleteSession,
		webrtcmock.OpAddParticipantToSession, webrtcmock.OpRemoveParticipantFromSession, webrtcmock.OpUpdateParticipantSubscriptions,
	} {
		for _, n := range stats.Requests[op] {
			out[op] += n
		}
	}
	return out
}

// TestAccMoveFromRestapi creates a participant, a session and a membership with the restapi
// stand-in, then moves all three into this provider: the plan is empty, the participant keeps
// the token restapi received (now sensitive), and nothing is created, changed or deleted at the
// mock. Run for both of restapi's state shapes: plain, and API_DATA_IS_SENSITIVE=true.
func TestAccMoveFromRestapi(t *testing.T) {
	for _, sensitive := range []bool{false, true} {
		t.Run(fmt.Sprintf("sensitive=%v", sensitive), func(t *testing.T) {
			m := startMock(t, webrtcmock.Options{})
			var token string
			var before map[string]int
			var ids struct{ participant, session string }
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: moveFactories(sensitive),
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{crossProviderMoveCheck{t}},
				CheckDestroy: func(s *terraform.State) error {
					if st := m.Stats(); st.LiveParticipants != 0 || st.LiveSessions != 0 {
						return fmt.Errorf("mock still holds %d participants and %d sessions after destroy", st.LiveParticipants, st.LiveSessions)
					}
					return nil
				},
				Steps: []resource.TestStep{
					{
						Config: m.restapiConfig(),
						Check: func(s *terraform.State) error {
							rs := s.RootModule().Resources
							var answer struct {
								Token string `json:"token"`
							}
							if err := json.Unmarshal([]byte(rs["restapi_object.alice"].Primary.Attributes["create_response"]), &answer); err != nil || answer.Token == "" {
								return fmt.Errorf("the stand-in kept no token in create_response (%v)", err)
							}
							token = answer.Token
							ids.participant = rs["restapi_object.alice"].Primary.ID
							ids.session = rs["restapi_object.room"].Primary.ID
							if st := m.Stats(); st.LiveParticipants != 1 || st.LiveSessions != 1 {
								return fmt.Errorf("mock holds %d participants and %d sessions, want 1 and 1", st.LiveParticipants, st.LiveSessions)
							}
							before = mockWrites(m)
							return nil
						},
					},
					{
						Config: m.movedConfig(),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{
								plancheck.ExpectEmptyPlan(),
								plancheck.ExpectResourceAction("bandwidth_webrtc_participant.alice", plancheck.ResourceActionNoop),
								plancheck.ExpectResourceAction("bandwidth_webrtc_session.room", plancheck.ResourceActionNoop),
								plancheck.ExpectResourceAction("bandwidth_webrtc_session_participant.alice_in_room", plancheck.ResourceActionNoop),
							},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectSensitiveValue("bandwidth_webrtc_participant.alice", tfjsonpath.New("token")),
							statecheck.ExpectKnownValue("bandwidth_webrtc_participant.alice", tfjsonpath.New("token_expires_at"), knownvalue.NotNull()),
							statecheck.ExpectKnownValue("bandwidth_webrtc_participant.alice", tfjsonpath.New("token_expired"), knownvalue.Bool(false)),
							statecheck.ExpectKnownValue("bandwidth_webrtc_participant.alice", tfjsonpath.New("device_api_version"), knownvalue.StringExact("V3")),
						},
						Check: func(s *terraform.State) error {
							rs := s.RootModule().Resources
							for _, addr := range []string{"restapi_object.alice", "restapi_object.room", "restapi_object.alice_in_room"} {
								if _, ok := rs[addr]; ok {
									return fmt.Errorf("%s is still in state after the move", addr)
								}
							}
							p := rs["bandwidth_webrtc_participant.alice"]
							if p == nil || p.Primary.ID != ids.participant {
								return fmt.Errorf("bandwidth_webrtc_participant.alice is not the participant restapi created")
							}
							if p.Primary.Attributes["token"] != token {
								return fmt.Errorf("the moved participant's token is not the one restapi received (values not shown)")
							}
							if p.Primary.Attributes["sessions.0"] != ids.session {
								return fmt.Errorf("the moved participant's sessions, refreshed after the move, do not name the session")
							}
							if got := rs["bandwidth_webrtc_session.room"].Primary.ID; got != ids.session {
								return fmt.Errorf("session id %s, want %s", got, ids.session)
							}
							if got := rs["bandwidth_webrtc_session_participant.alice_in_room"].Primary.ID; got != ids.session+"/"+ids.participant {
								return fmt.Errorf("membership id %s", got)
							}
							if after := mockWrites(m); fmt.Sprint(after) != fmt.Sprint(before) {
								return fmt.Errorf("the move wrote to the API: writes before %v, after %v", before, after)
							}
							return nil
						},
					},
				},
			})
		})
	}
}

// TestAccMoveFromRestapi_wrongKind: a moved block that points a restapi session at
// bandwidth_webrtc_participant stops the plan with the reason and the right resource type, and
// leaves the object with restapi.
func TestAccMoveFromRestapi_wrongKind(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	wrong := m.providerBlock() + m.restapiProviderBlock() + `
resource "bandwidth_webrtc_participant" "room" {
  tag = "room"
}

moved {
  from = restapi_object.room
  to   = bandwidth_webrtc_participant.room
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: moveFactories(false),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{crossProviderMoveCheck{t}},
		Steps: []resource.TestStep{
			{Config: m.restapiConfig()},
			{
				Config: wrong,
				ExpectError: regexp.MustCompile(`(?s)Cannot move this restapi_object to.*bandwidth_webrtc_participant.*manages a.*Bandwidth WebRTC session.*` +
					`bandwidth_webrtc_session.*resource instead`),
			},
			{Config: m.restapiConfig(), PlanOnly: true}, // nothing moved: restapi still has it
		},
	})
}

// TestAccMoveFromRestapi_importedParticipant: a participant restapi imported has no create
// answer in state, so it moves with a null token (and the import's warning); the move still
// plans nothing and writes nothing.
func TestAccMoveFromRestapi_importedParticipant(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	created, err := m.apiClient(t).CreateParticipant(context.Background(), webrtc.CreateParticipantRequest{Tag: "bob"})
	if err != nil {
		t.Fatal(err)
	}
	id := created.Participant.ID
	restapiBob := m.restapiProviderBlock() + `
resource "restapi_object" "bob" {
  path = "/participants"
  data = jsonencode({ tag = "bob" })
}
`
	var before map[string]int
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: moveFactories(false),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{crossProviderMoveCheck{t}},
		CheckDestroy:             expectNoParticipants(m),
		Steps: []resource.TestStep{
			{
				Config:             restapiBob,
				ResourceName:       "restapi_object.bob",
				ImportState:        true,
				ImportStateId:      "/participants/" + id,
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].Attributes["create_response"] != "" {
						return fmt.Errorf("the stand-in's import kept a create_response")
					}
					before = mockWrites(m)
					return nil
				},
			},
			{
				Config: m.providerBlock() + `
resource "bandwidth_webrtc_participant" "bob" {
  tag = "bob"
}

moved {
  from = restapi_object.bob
  to   = bandwidth_webrtc_participant.bob
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("bandwidth_webrtc_participant.bob", tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue("bandwidth_webrtc_participant.bob", tfjsonpath.New("token"), knownvalue.Null()),
					statecheck.ExpectKnownValue("bandwidth_webrtc_participant.bob", tfjsonpath.New("token_expires_at"), knownvalue.Null()),
					statecheck.ExpectKnownValue("bandwidth_webrtc_participant.bob", tfjsonpath.New("device_api_version"), knownvalue.StringExact("V3")),
				},
				Check: func(*terraform.State) error {
					if after := mockWrites(m); fmt.Sprint(after) != fmt.Sprint(before) {
						return fmt.Errorf("the move wrote to the API: writes before %v, after %v", before, after)
					}
					return nil
				},
			},
		},
	})
}

// TestAccMoveFromRestapi_allInstances: one moved block between resource addresses moves every
// instance (count here; for_each works the same through the CLI, but the test framework's state
// shim cannot read for_each keys). More instances than the CLI's default parallelism (10) make
// some instances move after others have finished, which is when OpenTofu 1.12 names the target's
// provider as the source (the comment in restapiStateMover).
func TestAccMoveFromRestapi_allInstances(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	var before map[string]int
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: moveFactories(false),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{crossProviderMoveCheck{t}},
		CheckDestroy:             expectNoParticipants(m),
		Steps: []resource.TestStep{
			{
				Config: m.restapiProviderBlock() + `
resource "restapi_object" "team" {
  count        = 12
  path         = "/participants"
  id_attribute = "participant/id"
  data         = jsonencode({ tag = "member-${count.index}" })
}
`,
				Check: func(*terraform.State) error { before = mockWrites(m); return nil },
			},
			{
				Config: m.providerBlock() + `
resource "bandwidth_webrtc_participant" "team" {
  count = 12
  tag   = "member-${count.index}"
}

moved {
  from = restapi_object.team
  to   = bandwidth_webrtc_participant.team
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectSensitiveValue("bandwidth_webrtc_participant.team[0]", tfjsonpath.New("token")),
					statecheck.ExpectKnownValue("bandwidth_webrtc_participant.team[11]", tfjsonpath.New("token"), knownvalue.NotNull()),
				},
				Check: func(*terraform.State) error {
					if after := mockWrites(m); fmt.Sprint(after) != fmt.Sprint(before) {
						return fmt.Errorf("the move wrote to the API: writes before %v, after %v", before, after)
					}
					return nil
				},
			},
		},
	})
}
