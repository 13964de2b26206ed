package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithMoveState = (*sessionParticipantResource)(nil)

// MoveState takes over a membership from restapi_object (a `moved` block, Terraform 1.8+ or
// OpenTofu 1.10+): one whose path is /sessions/<session id>/participants.
func (r *sessionParticipantResource) MoveState(_ context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: r.moveFromRestapi}}
}

func (r *sessionParticipantResource) moveFromRestapi(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	if !isRestapiObjectSource(req) {
		return
	}
	o, sessionID, ok := classifyRestapiObject(req, restapiMembership, &resp.Diagnostics)
	if !ok {
		return
	}
	src, err := membershipFromRestapi(o, sessionID)
	if err != nil {
		addRestapiRefusal(&resp.Diagnostics, "bandwidth_webrtc_session_participant",
			"This restapi_object does not hold a Bandwidth WebRTC membership: "+err.Error()+".")
		return
	}
	m := sessionParticipantModel{
		ID:            types.StringValue(membershipID(src.SessionID, src.ParticipantID)),
		SessionID:     types.StringValue(src.SessionID),
		ParticipantID: types.StringValue(src.ParticipantID),
		Subscriptions: types.ObjectNull(subscriptionsAttrTypes),
	}
	if src.Subscriptions != nil {
		obj, diags := subscriptionsToObject(src.Subscriptions, src.SessionID, types.ObjectNull(subscriptionsAttrTypes))
		resp.Diagnostics.Append(diags...)
		m.Subscriptions = obj
	}
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
	resp.Diagnostics.Append(m.setIdentity(ctx, resp.TargetIdentity)...)
}
