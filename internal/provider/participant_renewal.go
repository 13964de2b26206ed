package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

// privateReadAt is the private-state key holding when the participant was last read.
const privateReadAt = "read_at"

// ModifyPlan replaces a participant whose token expires within renew_before, in the spirit of
// the tls provider's early renewal: the replacement is visible in the plan, never a surprise.
//
// The decision is taken at the time the participant was last read, not at the time of planning:
// Terraform plans again when it applies a saved plan, possibly hours later, and a decision taken
// from the clock would then turn the planned update into a replacement, which Terraform rejects
// as an inconsistent final plan. The prior state, and with it the read time, is the same both times.
func (r *participantResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var renewBefore, token types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("renew_before"), &renewBefore)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("token"), &token)...)
	if resp.Diagnostics.HasError() || renewBefore.IsNull() || renewBefore.IsUnknown() || token.IsNull() || token.IsUnknown() {
		return
	}
	window, err := time.ParseDuration(renewBefore.ValueString())
	if err != nil {
		return // the attribute's validator reports it
	}
	claims, err := webrtc.ParseTokenClaims(token.ValueString())
	if err != nil || claims.ExpiresAt.IsZero() {
		return // no known expiry, nothing to decide from
	}
	if lifetime := claims.ExpiresAt.Sub(claims.IssuedAt); !claims.IssuedAt.IsZero() && window >= lifetime {
		resp.Diagnostics.AddAttributeWarning(path.Root("renew_before"), "Renewal window is as long as the token's lifetime",
			fmt.Sprintf("renew_before is %s, but Bandwidth issues this participant's tokens for %s, so every new token would be "+
				"due for renewal as soon as it is issued and the participant would be replaced at every apply. The token is "+
				"not renewed. Set renew_before well below %s, for example %s.", window, lifetime, lifetime, (lifetime/4).Round(time.Minute)))
		return
	}
	if !renewalDue(claims.ExpiresAt, window, r.decisionTime(ctx, req)) {
		return
	}
	for _, computed := range []string{"id", "token", "token_expires_at", "token_expired", "sessions"} {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(computed), unknownOf(computed))...)
	}
	resp.RequiresReplace.Append(path.Root("token_expires_at"))
}

// decisionTime is when the participant was last read, or now for a state that predates the
// record (written by an older version of the provider and not refreshed since).
func (r *participantResource) decisionTime(ctx context.Context, req resource.ModifyPlanRequest) time.Time {
	raw, diags := req.Private.GetKey(ctx, privateReadAt)
	var readAt time.Time
	if diags.HasError() || len(raw) == 0 || json.Unmarshal(raw, &readAt) != nil {
		return r.now()
	}
	return readAt
}

// privateState is the part of the framework's private state that recordReadTime needs.
type privateState interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// recordReadTime keeps when the participant was read, for ModifyPlan.
func recordReadTime(ctx context.Context, private privateState, now time.Time) diag.Diagnostics {
	raw, err := json.Marshal(now.UTC())
	if err != nil {
		return nil // a time always marshals
	}
	return private.SetKey(ctx, privateReadAt, raw)
}

// renewalDue reports whether a token expiring at expiry is inside the renewal window at now.
func renewalDue(expiry time.Time, window time.Duration, now time.Time) bool {
	return !now.Before(expiry.Add(-window))
}

// tokenExpired says whether the token had expired at now; an unknown expiry gives null.
func tokenExpired(expiresAt types.String, now time.Time) types.Bool {
	if expiresAt.IsNull() || expiresAt.IsUnknown() {
		return types.BoolNull()
	}
	expiry, err := time.Parse(time.RFC3339, expiresAt.ValueString())
	if err != nil {
		return types.BoolNull()
	}
	return types.BoolValue(!now.Before(expiry))
}

func unknownOf(attribute string) any {
	switch attribute {
	case "token_expired":
		return types.BoolUnknown()
	case "sessions":
		return types.ListUnknown(types.StringType)
	default:
		return types.StringUnknown()
	}
}
