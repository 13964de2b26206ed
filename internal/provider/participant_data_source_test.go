package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

func TestAccDataSource_participant(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	api := m.apiClient(t)
	sessionID := mustCreateSession(t, api, "")
	peerID := mustCreateParticipant(t, api, webrtc.CreateParticipantRequest{})
	callback := "https://example.com/events"
	id := mustCreateParticipant(t, api, webrtc.CreateParticipantRequest{
		CallbackURL: &callback, PublishPermissions: []webrtc.PublishPermission{webrtc.PublishAudio}, Tag: "made-elsewhere",
	})
	mustJoin(t, api, sessionID, id, &webrtc.Subscriptions{SessionID: sessionID, Participants: []webrtc.ParticipantSubscription{
		{ParticipantID: peerID, StreamAliases: []string{"camera", "microphone"}},
	}})
	const missing = "0275e47f-dd21-4cf0-a1e1-dfdc719e73a7"
	const existingAddr, fromResourceAddr = "data.bandwidth_webrtc_participant.existing", "data.bandwidth_webrtc_participant.from_resource"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if got := m.Stats().LiveParticipants; got != 2 { // the two made outside Terraform
				return fmt.Errorf("mock holds %d participants after destroy, want 2: reading one must not change it", got)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: m.providerBlock() + `
data "bandwidth_webrtc_participant" "existing" {
  id = "` + id + `"
}

resource "bandwidth_webrtc_participant" "test" {
  callback_url        = "https://example.com/callback"
  publish_permissions = ["VIDEO", "AUDIO"]
  tag                 = "alice"
}

data "bandwidth_webrtc_participant" "from_resource" {
  id = bandwidth_webrtc_participant.test.id
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(existingAddr, tfjsonpath.New("tag"), knownvalue.StringExact("made-elsewhere")),
					statecheck.ExpectKnownValue(existingAddr, tfjsonpath.New("callback_url"), knownvalue.StringExact(callback)),
					statecheck.ExpectKnownValue(existingAddr, tfjsonpath.New("publish_permissions"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("AUDIO")})),
					statecheck.ExpectKnownValue(existingAddr, tfjsonpath.New("device_api_version"), knownvalue.StringExact("V3")),
					statecheck.ExpectKnownValue(existingAddr, tfjsonpath.New("sessions"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(sessionID)})),
					statecheck.ExpectKnownValue(existingAddr, tfjsonpath.New("subscriptions"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"session_id": knownvalue.StringExact(sessionID),
						"participants": knownvalue.SetExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
							"participant_id": knownvalue.StringExact(peerID),
							"stream_aliases": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("camera"), knownvalue.StringExact("microphone")}),
						})}),
					})),
					// The data source shows a participant exactly as the resource does.
					compareWithResource(fromResourceAddr, participantAddr, "id"),
					compareWithResource(fromResourceAddr, participantAddr, "callback_url"),
					compareWithResource(fromResourceAddr, participantAddr, "publish_permissions"),
					compareWithResource(fromResourceAddr, participantAddr, "tag"),
					compareWithResource(fromResourceAddr, participantAddr, "device_api_version"),
					compareWithResource(fromResourceAddr, participantAddr, "sessions"),
					statecheck.ExpectKnownValue(fromResourceAddr, tfjsonpath.New("subscriptions"), knownvalue.Null()),
				},
			},
			{
				Config: m.providerBlock() + `
data "bandwidth_webrtc_participant" "missing" {
  id = "` + missing + `"
}
`,
				ExpectError: errorSaying("No participant "+missing, `id = "`+missing, "Bandwidth has no participant "+missing),
			},
		},
	})
}

func compareWithResource(dataAddr, resourceAddr, attr string) statecheck.StateCheck {
	return statecheck.CompareValuePairs(dataAddr, tfjsonpath.New(attr), resourceAddr, tfjsonpath.New(attr), compare.ValuesSame())
}
