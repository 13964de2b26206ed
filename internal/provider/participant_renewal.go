package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ModifyPlan replaces a participant whose token expires within renew_before, in the spirit of
// the tls provider's early renewal: the replacement is visible in the plan, never a surprise.
func (r *participantResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var renewBefore, expiresAt types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("renew_before"), &renewBefore)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("token_expires_at"), &expiresAt)...)
	if resp.Diagnostics.HasError() || renewBefore.IsNull() || renewBefore.IsUnknown() || expiresAt.IsNull() {
		return
	}
	window, err := time.ParseDuration(renewBefore.ValueString())
	if err != nil {
		return // the attribute's validator reports it
	}
	expiry, err := time.Parse(time.RFC3339, expiresAt.ValueString())
	if err != nil || !renewalDue(expiry, window, time.Now()) {
		return
	}
	for _, computed := range []string{"id", "token", "token_expires_at", "token_expired", "sessions"} {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(computed), unknownOf(computed))...)
	}
	resp.RequiresReplace.Append(path.Root("token_expires_at"))
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
