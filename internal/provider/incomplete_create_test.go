package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// TestAccCreateAnsweredWithoutID: Bandwidth creates the object but its success answer carries no
// id. The apply fails saying so and what to do, nothing with an empty id lands in state (the next
// plan creates the object again), and the create was not repeated behind the user's back.
func TestAccCreateAnsweredWithoutID(t *testing.T) {
	tests := []struct {
		kind, address, op string
		body              string // the success answer without an id
		live              func(m *accMock) []string
		remove            func(c *webrtc.Client, ctx context.Context, id string) error
	}{
		{
			kind: "participant", address: participantAddr, op: webrtcmock.OpCreateParticipant,
			body:   `{"participant":{"publishPermissions":["AUDIO","VIDEO"],"sessions":[],"subscriptions":{},"tag":"no-id","deviceApiVersion":"V3"},"token":""}`,
			live:   func(m *accMock) []string { return m.ParticipantIDs() },
			remove: (*webrtc.Client).DeleteParticipant,
		},
		{
			kind: "session", address: sessionAddr, op: webrtcmock.OpCreateSession,
			body:   `{"tag":"no-id"}`,
			live:   func(m *accMock) []string { return m.SessionIDs() },
			remove: (*webrtc.Client).DeleteSession,
		},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			m := startMock(t, webrtcmock.Options{})
			m.Inject(tt.op, webrtcmock.Fault{Body: tt.body, AfterHandling: true})
			config := m.providerBlock() + fmt.Sprintf(`resource %q "test" { tag = "no-id" }`, strings.Split(tt.address, ".")[0])
			creates := func() map[int]int { return m.Stats().Requests[tt.op] }

			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy:             resource.ComposeTestCheckFunc(expectNoParticipants(m), expectNoSessions(m)),
				Steps: []resource.TestStep{
					{
						Config: config,
						ExpectError: terraformError(`Incomplete answer to the ` + tt.kind + ` create.*` +
							`Bandwidth may have created a ` + tt.kind + ` with tag "no-id", but its id is unknown.*` +
							`nothing was saved to state.*not retried.*` +
							`find the ` + tt.kind + ` by its tag.*delete it, or import it`),
					},
					{
						PreConfig: func() {
							if got := creates(); len(got) != 1 || got[200] != 1 {
								t.Errorf("%s requests %v, want one answered 200: the create was repeated", tt.op, got)
							}
							orphans := tt.live(m)
							if len(orphans) != 1 {
								t.Fatalf("mock holds %d %ss, want the one the answer lost", len(orphans), tt.kind)
							}
							// What the diagnostic asks for: delete the object Terraform does not know.
							if err := tt.remove(m.apiClient(t), t.Context(), orphans[0]); err != nil {
								t.Fatal(err)
							}
						},
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(tt.address, plancheck.ResourceActionCreate)},
						},
						Check: resource.ComposeTestCheckFunc(
							expectStateMatchesMock(m),
							func(*terraform.State) error {
								if got := creates(); got[200] != 2 || len(got) != 1 {
									return fmt.Errorf("%s requests %v, want two answered 200 (one per apply)", tt.op, got)
								}
								return nil
							},
						),
					},
				},
			})
		})
	}
}

// TestIncompleteAnswerDiagnostics: the create diagnostic names what the answer lacked and what
// to do, for an unknown id and for a known participant without its token.
func TestIncompleteAnswerDiagnostics(t *testing.T) {
	const id = "320e2af6-13ec-498d-8b51-daba52c37853"
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{
			name: "participant without id",
			err:  fmt.Errorf("wrapped: %w", &webrtc.IncompleteAnswerError{Operation: "createParticipant", Missing: []string{"participant id", "token"}}),
			want: []string{`Incomplete answer to the participant create`, `answered createParticipant with success but without the participant id and token`, `with tag "t", but its id is unknown`, `find the participant by its tag`, `terraform import`},
		},
		{
			name: "participant without token",
			err:  &webrtc.IncompleteAnswerError{Operation: "createParticipant", ID: id, Missing: []string{"token"}},
			want: []string{`Incomplete answer to the participant create`, `Bandwidth created participant ` + id + ` with tag "t", but its answer to createParticipant came without the token`, `Delete participant ` + id},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.Diagnostics
			addCreateError(&diags, "participant", "t", tt.err)
			requireOneErrorSaying(t, diags, tt.want...)
		})
	}
}

// requireOneErrorSaying fails t unless diags hold exactly one error, and that error's summary and
// detail together say each of wants.
func requireOneErrorSaying(t *testing.T, diags diag.Diagnostics, wants ...string) {
	t.Helper()
	if diags.ErrorsCount() != 1 {
		t.Fatalf("want one error, got %v", diags)
	}
	text := diags.Errors()[0].Summary() + ": " + diags.Errors()[0].Detail()
	for _, want := range wants {
		if !strings.Contains(text, want) {
			t.Errorf("diagnostic does not say %q:\n%s", want, text)
		}
	}
}
