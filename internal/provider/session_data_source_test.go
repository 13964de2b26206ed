package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// TestAccDataSource_sessions covers bandwidth_webrtc_session and bandwidth_webrtc_session_participants.
func TestAccDataSource_sessions(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	api := m.apiClient(t)
	sessionID, emptyID := mustCreateSession(t, api, "standup"), mustCreateSession(t, api, "")
	alice := mustCreateParticipant(t, api, webrtc.CreateParticipantRequest{Tag: "alice"})
	bob := mustCreateParticipant(t, api, webrtc.CreateParticipantRequest{Tag: "bob"})
	mustJoin(t, api, sessionID, alice, &webrtc.Subscriptions{SessionID: sessionID,
		Participants: []webrtc.ParticipantSubscription{{ParticipantID: bob, StreamAliases: []string{"camera"}}}})
	mustJoin(t, api, sessionID, bob, &webrtc.Subscriptions{SessionID: sessionID})
	const missing = "0275e47f-dd21-4cf0-a1e1-dfdc719e73a7"
	member := func(id, tag string, subscriptions knownvalue.Check) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id":                  knownvalue.StringExact(id),
			"tag":                 knownvalue.StringExact(tag),
			"callback_url":        knownvalue.Null(),
			"publish_permissions": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("AUDIO"), knownvalue.StringExact("VIDEO")}),
			"device_api_version":  knownvalue.StringExact("V3"),
			"sessions":            knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(sessionID)}),
			"subscriptions":       subscriptions,
		})
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: m.providerBlock() + `
data "bandwidth_webrtc_session" "test" {
  id = "` + sessionID + `"
}

data "bandwidth_webrtc_session_participants" "test" {
  session_id = data.bandwidth_webrtc_session.test.id
}

data "bandwidth_webrtc_session_participants" "empty" {
  session_id = "` + emptyID + `"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.bandwidth_webrtc_session.test", tfjsonpath.New("tag"), knownvalue.StringExact("standup")),
					statecheck.ExpectKnownValue("data.bandwidth_webrtc_session_participants.test", tfjsonpath.New("participants"), knownvalue.ListExact([]knownvalue.Check{
						member(alice, "alice", knownvalue.ObjectExact(map[string]knownvalue.Check{
							"session_id": knownvalue.StringExact(sessionID),
							"participants": knownvalue.SetExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
								"participant_id": knownvalue.StringExact(bob),
								"stream_aliases": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("camera")}),
							})}),
						})),
						member(bob, "bob", knownvalue.ObjectExact(map[string]knownvalue.Check{
							"session_id":   knownvalue.StringExact(sessionID),
							"participants": knownvalue.Null(),
						})),
					})),
					statecheck.ExpectKnownValue("data.bandwidth_webrtc_session_participants.empty", tfjsonpath.New("participants"), knownvalue.ListSizeExact(0)),
				},
			},
			{
				Config: m.providerBlock() + `
data "bandwidth_webrtc_session" "missing" {
  id = "` + missing + `"
}
`,
				ExpectError: errorSaying("No session "+missing, `id = "`+missing, "Bandwidth has no session "+missing),
			},
			{
				Config: m.providerBlock() + `
data "bandwidth_webrtc_session_participants" "missing" {
  session_id = "` + missing + `"
}
`,
				ExpectError: errorSaying("No session "+missing, `session_id = "`+missing, "Bandwidth has no session "+missing),
			},
		},
	})
	if got := m.Stats(); got.LiveSessions != 2 || got.LiveParticipants != 2 {
		t.Errorf("reading changed the mock: %d sessions and %d participants, want 2 and 2", got.LiveSessions, got.LiveParticipants)
	}
}
