package provider

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

var _ resource.ResourceWithMoveState = (*participantResource)(nil)

// MoveState takes over a participant from restapi_object (a `moved` block, Terraform 1.8+ or
// OpenTofu 1.10+) with its token, which an import cannot recover.
func (r *participantResource) MoveState(_ context.Context) []resource.StateMover {
	return []resource.StateMover{restapiStateMover(restapiParticipant, r.moveFromRestapi)}
}

func (r *participantResource) moveFromRestapi(ctx context.Context, o restapiObjectState, _ string, resp *resource.MoveStateResponse) error {
	src, err := participantFromRestapi(o)
	if err != nil {
		return err
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
	return nil
}

// restapiParticipantAnswer is a participant create answer ({"participant":{...},"token":"..."})
// or a participant read answer (the participant alone).
type restapiParticipantAnswer struct {
	Participant *webrtc.Participant
	Token       string
}

func parseParticipantAnswer(raw json.RawMessage) (restapiParticipantAnswer, error) {
	var a restapiParticipantAnswer
	if raw == nil {
		return a, nil
	}
	var wrapped struct {
		Participant *webrtc.Participant `json:"participant"`
		Token       *string             `json:"token"`
	}
	if err := json.Unmarshal(raw, &wrapped); err != nil {
		return a, err
	}
	if wrapped.Token != nil {
		a.Token = *wrapped.Token
	}
	if wrapped.Participant != nil {
		a.Participant = wrapped.Participant
		return a, nil
	}
	var flat webrtc.Participant
	if err := json.Unmarshal(raw, &flat); err != nil {
		return a, err
	}
	if flat.ID != "" {
		a.Participant = &flat
	}
	return a, nil
}

// restapiParticipantSource is what a participant's restapi_object holds: the participant as last known
// (last read, else the create answer, else the configured data), its token (empty when the
// create answer is gone) and the subscriptions its data asked for.
type restapiParticipantSource struct {
	Participant   webrtc.Participant
	Token         string
	Subscriptions *webrtc.Subscriptions
}

func participantFromRestapi(o restapiObjectState) (restapiParticipantSource, error) {
	var src restapiParticipantSource
	created, err := parseParticipantAnswer(o.CreateResponse)
	if err != nil {
		return src, fmt.Errorf("its create_response is not a Bandwidth WebRTC participant answer: %w", err)
	}
	read, err := parseParticipantAnswer(o.APIResponse)
	if err != nil {
		return src, fmt.Errorf("its api_response is not a Bandwidth WebRTC participant: %w", err)
	}
	var configured struct {
		webrtc.Participant
		ID            string                `json:"id"`
		Subscriptions *webrtc.Subscriptions `json:"subscriptions"`
	}
	if o.Data != nil {
		if err := json.Unmarshal(o.Data, &configured); err != nil {
			return src, fmt.Errorf("its data is not a Bandwidth WebRTC participant: %w", err)
		}
	}
	switch {
	case read.Participant != nil:
		src.Participant = *read.Participant
	case created.Participant != nil:
		src.Participant = *created.Participant
	default:
		src.Participant = configured.Participant
		src.Participant.ID = configured.ID
	}
	id := o.objectID()
	if src.Participant.ID != "" && !sameID(src.Participant.ID, id) {
		return src, fmt.Errorf("its id is %s, but the participant it holds is %s", id, src.Participant.ID)
	}
	src.Participant.ID = id
	// The token is only in the create answer; restapi v2 (and v3 with sensitive data) also
	// keeps that answer as api_response.
	src.Token = created.Token
	if src.Token == "" {
		src.Token = read.Token
	}
	// Subscriptions are taken only as configured: data holding the participant's id is restapi's
	// copy of a read, whose subscriptions may be another resource's (a membership's) to manage.
	if configured.ID == "" && !configured.Subscriptions.IsEmpty() {
		src.Subscriptions = configured.Subscriptions
	}
	return src, nil
}
