package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtcmock"
)

func TestRenewalDue(t *testing.T) {
	expiry := time.Date(2026, 11, 22, 18, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		window time.Duration
		now    time.Time
		want   bool
	}{
		{"a second before the window opens", time.Hour, expiry.Add(-time.Hour - time.Second), false},
		{"exactly when the window opens", time.Hour, expiry.Add(-time.Hour), true},
		{"inside the window", time.Hour, expiry.Add(-time.Minute), true},
		{"after expiry", time.Hour, expiry.Add(time.Minute), true},
		{"long before", time.Minute, expiry.Add(-8 * time.Hour), false},
	}
	for _, tt := range tests {
		if got := renewalDue(expiry, tt.window, tt.now); got != tt.want {
			t.Errorf("%s: renewalDue = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestTokenExpired(t *testing.T) {
	expiry := types.StringValue("2026-11-22T18:00:00Z")
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	if got := tokenExpired(expiry, at("2026-11-22T17:59:59Z")); got.ValueBool() || got.IsNull() {
		t.Errorf("a second before expiry: %v, want false", got)
	}
	if got := tokenExpired(expiry, at("2026-11-22T18:00:00Z")); !got.ValueBool() {
		t.Errorf("at expiry: %v, want true", got)
	}
	if got := tokenExpired(types.StringNull(), time.Now()); !got.IsNull() {
		t.Errorf("unknown expiry: %v, want null", got)
	}
}

func renewalConfig(m *accMock, renewBefore string) string {
	arg := ""
	if renewBefore != "" {
		arg = fmt.Sprintf("renew_before = %q", renewBefore)
	}
	return m.providerBlock() + fmt.Sprintf(`
resource "bandwidth_webrtc_participant" "test" {
  tag = "renewing"
  %s
  lifecycle {
    create_before_destroy = true
  }
}
`, arg)
}

// TestAccParticipant_renewal: with one-hour tokens, a 50-minute window plans nothing and a
// 70-minute window plans a replacement (create before destroy) that issues a new token.
func TestAccParticipant_renewal(t *testing.T) {
	m := startMock(t, webrtcmock.Options{TokenLifetime: time.Hour})
	differentToken := statecheck.CompareValue(compare.ValuesDiffer())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             expectNoParticipants(m),
		Steps: []resource.TestStep{
			{
				Config: renewalConfig(m, "50m"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					differentToken.AddStateValue(participantAddr, tfjsonpath.New("token")),
					statecheck.ExpectKnownValue(participantAddr, tfjsonpath.New("token_expired"), knownvalue.Bool(false)),
				},
			},
			{
				// Inside the window: replaced, new token. Still inside it afterwards (the window
				// is longer than a token lives), so the next plan wants to renew again.
				Config: renewalConfig(m, "70m"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionCreateBeforeDestroy)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionCreateBeforeDestroy)},
				},
				ExpectNonEmptyPlan: true,
				ConfigStateChecks: []statecheck.StateCheck{
					differentToken.AddStateValue(participantAddr, tfjsonpath.New("token")),
				},
				Check: func(*terraform.State) error {
					if got := m.Stats().LiveParticipants; got != 1 {
						return fmt.Errorf("mock holds %d participants after renewal, want 1", got)
					}
					return nil
				},
			},
			{
				// Narrowing the window again changes only state: no replacement.
				Config: renewalConfig(m, "50m"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// TestAccParticipant_expiredWithoutRenewal: an expired token is visible, and without
// renew_before nothing is replaced; import leaves the expiry unknown.
func TestAccParticipant_expiredWithoutRenewal(t *testing.T) {
	// The mock's clock runs ten hours behind, so its nine-hour tokens are already expired.
	m := startMock(t, webrtcmock.Options{Now: func() time.Time { return time.Now().Add(-10 * time.Hour) }})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             expectNoParticipants(m),
		Steps: []resource.TestStep{
			{
				Config: renewalConfig(m, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(participantAddr, tfjsonpath.New("token_expired"), knownvalue.Bool(true)),
				},
			},
			{
				ResourceName: participantAddr,
				ImportState:  true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 {
						return fmt.Errorf("imported %d participants, want 1", len(states))
					}
					for _, attr := range []string{"token", "token_expires_at", "token_expired"} {
						if v, ok := states[0].Attributes[attr]; ok && v != "" {
							return fmt.Errorf("imported %s = %q, want null", attr, v)
						}
					}
					return nil
				},
			},
			{
				Config: renewalConfig(m, "1m"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionCreateBeforeDestroy)},
				},
				ExpectNonEmptyPlan: true,
			},
		},
	})
}
