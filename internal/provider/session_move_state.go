package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var _ resource.ResourceWithMoveState = (*sessionResource)(nil)

// MoveState takes over a session from restapi_object (a `moved` block, Terraform 1.8+ or
// OpenTofu 1.10+).
func (r *sessionResource) MoveState(_ context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: r.moveFromRestapi}}
}

func (r *sessionResource) moveFromRestapi(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	if !isRestapiObjectSource(req) {
		return
	}
	o, _, ok := classifyRestapiObject(req, restapiSession, &resp.Diagnostics)
	if !ok {
		return
	}
	s, tagged, err := sessionFromRestapi(o)
	if err != nil {
		addRestapiRefusal(&resp.Diagnostics, "bandwidth_webrtc_session", "This restapi_object does not hold a Bandwidth WebRTC session: "+err.Error()+".")
		return
	}
	m := sessionResourceModel{Timeouts: nullTimeouts}
	m.setFromAPI(&s, !tagged)
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.TargetIdentity, map[string]string{"id": s.ID})...)
}
