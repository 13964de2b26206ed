package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithMoveState = (*participantResource)(nil)

// MoveState takes over a participant from restapi_object (a `moved` block, Terraform 1.8+ or
// OpenTofu 1.10+) with its token, which an import cannot recover.
func (r *participantResource) MoveState(_ context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: r.moveFromRestapi}}
}

func (r *participantResource) moveFromRestapi(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	if !isRestapiObjectSource(req) {
		return // not ours: the framework reports that no mover matched
	}
	const target = "bandwidth_webrtc_participant"
	o, _, ok := classifyRestapiObject(req, restapiParticipant, &resp.Diagnostics)
	if !ok {
		return
	}
	src, err := participantFromRestapi(o)
	if err != nil {
		addRestapiRefusal(&resp.Diagnostics, target, "This restapi_object does not hold a Bandwidth WebRTC participant: "+err.Error()+".")
		return
	}

	now := r.now()
	var m participantModel
	m.setFromAPI(&src.Participant)
	m.RenewBefore = types.StringNull()
	m.Timeouts = nullTimeouts
	m.Subscriptions = types.ObjectNull(subscriptionsAttrTypes)
	if src.Subscriptions != nil {
		obj, diags := subscriptionsToObject(src.Subscriptions, src.Subscriptions.SessionID, types.ObjectNull(subscriptionsAttrTypes))
		resp.Diagnostics.Append(diags...)
		m.Subscriptions = obj
	}
	if src.Token != "" {
		m.setToken(src.Token, now)
	} else {
		m.Token, m.TokenExpiresAt, m.TokenExpired = types.StringNull(), types.StringNull(), types.BoolNull()
		resp.Diagnostics.AddWarning("Participant token cannot be imported",
			"Bandwidth returns a participant's token only when it is created, and this restapi_object's create_response "+
				"holds none (restapi imported it, or lost the create answer), so the moved participant's token and "+
				"token_expires_at stay null. Replace the participant (terraform apply -replace=...) if you need its token.")
	}
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.TargetIdentity, map[string]string{"id": m.ID.ValueString()})...)
	resp.Diagnostics.Append(recordReadTime(ctx, resp.TargetPrivate, now)...)
}
