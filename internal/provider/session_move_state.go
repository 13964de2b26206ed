package provider

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

var _ resource.ResourceWithMoveState = (*sessionResource)(nil)

// MoveState takes over a session from restapi_object (a `moved` block, Terraform 1.8+ or
// OpenTofu 1.10+).
func (r *sessionResource) MoveState(_ context.Context) []resource.StateMover {
	return []resource.StateMover{restapiStateMover(restapiSession, r.moveFromRestapi)}
}

func (r *sessionResource) moveFromRestapi(ctx context.Context, o restapiObjectState, _ string, resp *resource.MoveStateResponse) error {
	s, tagged, err := sessionFromRestapi(o)
	if err != nil {
		return err
	}
	m := sessionResourceModel{Timeouts: nullTimeouts}
	m.setFromAPI(&s, !tagged)
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.TargetIdentity, map[string]string{"id": s.ID})...)
	return nil
}

// sessionFromRestapi returns the session and whether its data set a tag: a session created
// without one keeps a null tag, whatever the server answered, as Read keeps it.
func sessionFromRestapi(o restapiObjectState) (s webrtc.Session, tagged bool, err error) {
	for _, c := range []struct {
		name string
		raw  json.RawMessage
	}{{"api_response", o.APIResponse}, {"create_response", o.CreateResponse}, {"data", o.Data}} {
		if c.raw == nil {
			continue
		}
		var got webrtc.Session
		if err := json.Unmarshal(c.raw, &got); err != nil {
			return s, false, fmt.Errorf("its %s is not a Bandwidth WebRTC session: %w", c.name, err)
		}
		if got.ID != "" && !sameID(got.ID, o.objectID()) {
			return s, false, fmt.Errorf("its id is %s, but its %s holds session %s", o.objectID(), c.name, got.ID)
		}
		s = got
		break
	}
	s.ID = o.objectID()
	tagged = s.Tag != ""
	if o.Data != nil {
		var configured webrtc.Session
		if err := json.Unmarshal(o.Data, &configured); err != nil {
			return s, false, fmt.Errorf("its data is not a Bandwidth WebRTC session: %w", err)
		}
		tagged = configured.Tag != ""
		if s.Tag == "" {
			s.Tag = configured.Tag
		}
	}
	return s, tagged, nil
}
