package provider

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
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

// TestAccParticipant_renewal: with one-hour tokens, the first issued half an hour early, a
// 20-minute window plans nothing, a 40-minute window plans a replacement (create before destroy)
// that issues a fresh token, and a window as long as the token lives warns instead of replacing at
// every apply.
func TestAccParticipant_renewal(t *testing.T) {
	var mockLag atomic.Int64
	mockLag.Store(int64(30 * time.Minute))
	m := startMock(t, webrtcmock.Options{
		TokenLifetime: time.Hour,
		Now:           func() time.Time { return time.Now().Add(-time.Duration(mockLag.Load())) },
	})
	differentToken := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             expectNoParticipants(m),
		Steps: []resource.TestStep{
			{
				Config: renewalConfig(m, "20m"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					differentToken.AddStateValue(participantAddr, tfjsonpath.New("token")),
					statecheck.ExpectKnownValue(participantAddr, tfjsonpath.New("token_expired"), knownvalue.Bool(false)),
				},
			},
			{
				// Inside the window: replaced, and the new token is fresh, so the next plan is empty.
				PreConfig: func() { mockLag.Store(0) },
				Config:    renewalConfig(m, "40m"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionCreateBeforeDestroy)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
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
				// A window at least as long as the token lives would replace at every apply: the
				// provider warns instead, and changing the window is an update.
				Config: renewalConfig(m, "70m"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: renewalConfig(m, "20m"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
	if got := m.Stats().ParticipantsCreated; got != 2 {
		t.Errorf("mock created %d participants, want 2 (one renewal)", got)
	}
}

// TestAccParticipant_renewalSavedPlanAppliedLater: a saved plan that updates the participant while
// its token is outside the renewal window applies as that update even when the window has opened by
// the time it is applied; the next plan then renews.
func TestAccParticipant_renewalSavedPlanAppliedLater(t *testing.T) {
	m := startMock(t, webrtcmock.Options{TokenLifetime: time.Hour})
	clock := &testClock{}
	factories := map[string]func() (tfprotov6.ProviderServer, error){
		"bandwidth": func() (tfprotov6.ProviderServer, error) {
			return NewProtocol6Server("test", WithClock(clock.Now))(), nil
		},
	}
	sameToken := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		CheckDestroy:             expectNoParticipants(m),
		Steps: []resource.TestStep{
			{
				Config: renewalConfig(m, "20m"),
				ConfigStateChecks: []statecheck.StateCheck{
					sameToken.AddStateValue(participantAddr, tfjsonpath.New("token")),
				},
			},
			{
				Config: renewalConfig(m, "25m"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionUpdate),
						clock.advance(50 * time.Minute), // the saved plan waits while the window opens
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionCreateBeforeDestroy),
					},
				},
				ExpectNonEmptyPlan: true,
				ConfigStateChecks: []statecheck.StateCheck{
					sameToken.AddStateValue(participantAddr, tfjsonpath.New("token")),
				},
			},
		},
	})
}

// testClock is the provider's clock in a test: real time plus an offset the test moves.
type testClock struct{ offset atomic.Int64 }

func (c *testClock) Now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

// advance is a plan check that moves the clock on, between a saved plan and its apply.
func (c *testClock) advance(d time.Duration) plancheck.PlanCheck {
	return beforeApply(func() { c.offset.Add(int64(d)) })
}

// TestAccParticipant_expiredWithoutRenewal: an expired token is visible, and without
// renew_before nothing is replaced; import leaves the expiry unknown.
func TestAccParticipant_expiredWithoutRenewal(t *testing.T) {
	// The mock's clock runs ten hours behind, so its nine-hour tokens are already expired.
	m := startMock(t, webrtcmock.Options{Now: func() time.Time { return time.Now().Add(-10 * time.Hour) }})
	resource.ParallelTest(t, resource.TestCase{
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
