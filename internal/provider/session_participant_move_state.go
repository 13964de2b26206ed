package provider

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

var _ resource.ResourceWithMoveState = (*sessionParticipantResource)(nil)

// MoveState takes over a membership from restapi_object (a `moved` block, Terraform 1.8+ or
// OpenTofu 1.10+): one whose path is /sessions/<session id>/participants.
func (r *sessionParticipantResource) MoveState(_ context.Context) []resource.StateMover {
	return []resource.StateMover{restapiStateMover(restapiMembership, r.moveFromRestapi)}
}

func (r *sessionParticipantResource) moveFromRestapi(ctx context.Context, o restapiObjectState, sessionID string, resp *resource.MoveStateResponse) error {
	src, err := membershipFromRestapi(o, sessionID)
	if err != nil {
		return err
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
	return nil
}

// restapiMembershipSource is a membership's restapi_object: PUT /sessions/<id>/participants/<id>
// with data {"participantId","sessionId"} and, when the user subscribed explicitly, "participants".
type restapiMembershipSource struct {
	SessionID     string
	ParticipantID string
	Subscriptions *webrtc.Subscriptions
}

func membershipFromRestapi(o restapiObjectState, sessionID string) (restapiMembershipSource, error) {
	m := restapiMembershipSource{SessionID: sessionID, ParticipantID: o.objectID()}
	if o.Data == nil {
		return m, nil
	}
	var data struct {
		ParticipantID string                           `json:"participantId"`
		SessionID     string                           `json:"sessionId"`
		Participants  []webrtc.ParticipantSubscription `json:"participants"`
	}
	if err := json.Unmarshal(o.Data, &data); err != nil {
		return m, fmt.Errorf("its data is not a Bandwidth WebRTC membership: %w", err)
	}
	if data.SessionID != "" && !sameID(data.SessionID, sessionID) {
		return m, fmt.Errorf("its path names session %s, but its data names session %s", sessionID, data.SessionID)
	}
	if data.ParticipantID != "" && !sameID(data.ParticipantID, m.ParticipantID) {
		return m, fmt.Errorf("its id is %s, but its data names participant %s", m.ParticipantID, data.ParticipantID)
	}
	if len(data.Participants) > 0 {
		m.Subscriptions = &webrtc.Subscriptions{SessionID: sessionID, Participants: data.Participants}
	}
	return m, nil
}
