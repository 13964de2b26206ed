package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// TestAccCreateAnsweredAfterRequestTimeout: the API creates the participant and the session at
// once but answers after request_timeout. The creates wait for their answers (up to the create
// timeout), so both land in state, the participant with its token, and nothing is created twice.
func TestAccCreateAnsweredAfterRequestTimeout(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	for _, op := range []string{webrtcmock.OpCreateParticipant, webrtcmock.OpCreateSession} {
		m.Inject(op, webrtcmock.Fault{Delay: 3 * time.Second, AfterHandling: true})
	}
	args := m.basicArgs()
	args.RequestTimeout = "1s"
	config := args.block() + `
resource "bandwidth_webrtc_session" "test" { tag = "slow" }
resource "bandwidth_webrtc_participant" "test" { tag = "slow" }
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             resource.ComposeTestCheckFunc(expectNoParticipants(m), expectNoSessions(m)),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check:  expectStateMatchesMock(m),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(participantAddr, tfjsonpath.New("token"), knownvalue.NotNull()),
				},
			},
			{
				Config: config,
				PreConfig: func() {
					if got := m.Stats().ParticipantsCreated; got != 1 {
						t.Errorf("mock created %d participants, want 1", got)
					}
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// TestAccCreateTimeoutEndsTheWait: a create timeout shorter than the API's answer ends the wait
// with the "outcome unknown" diagnostic, which points at the create timeout; the participant the
// API made is outside state, as the diagnostic says.
func TestAccCreateTimeoutEndsTheWait(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	m.Inject(webrtcmock.OpCreateParticipant, webrtcmock.Fault{Delay: 5 * time.Second, AfterHandling: true})
	config := m.providerBlock() + `
resource "bandwidth_webrtc_participant" "test" {
  tag = "slow"
  timeouts {
    create = "1s"
  }
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ExpectError: terraformError(`Outcome of creating the participant is unknown.*` +
					`did not answer the create before its deadline.*longer create timeout`),
			},
			{
				PreConfig: func() {
					orphans := m.ParticipantIDs()
					if len(orphans) != 1 {
						t.Fatalf("mock holds %d participants, want the one whose answer came too late", len(orphans))
					}
					if err := m.apiClient(t).DeleteParticipant(t.Context(), orphans[0]); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				Check:  expectStateMatchesMock(m),
			},
		},
	})
}

func TestAccCreateTimeoutIsValidated(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: m.providerBlock() + fmt.Sprintf(`
resource "bandwidth_webrtc_session" "test" {
  timeouts {
    create = %q
  }
}
`, "ten minutes"),
			PlanOnly:    true,
			ExpectError: terraformError(`create.*ten minutes`),
		}},
	})
	if n := m.TotalRequests(); n != 0 {
		t.Errorf("an invalid create timeout made %d API requests, want none", n)
	}
}
