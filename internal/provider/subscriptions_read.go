package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

// readSubscriptions reads what the participant receives in the session, as Terraform should see
// it next to prior. Bandwidth's documentation leaves two things open, and either answer reads as
// the same subscriptions: a whole-session subscription may come back as the list of the session's
// other members, and stream aliases may not be echoed (then the prior aliases are kept; their drift
// cannot be seen).
func readSubscriptions(ctx context.Context, client *webrtc.Client, sessionID, participantID string, prior types.Object) (types.Object, diag.Diagnostics, error) {
	subs, err := client.GetParticipantSubscriptions(ctx, sessionID, participantID)
	if err != nil {
		return types.ObjectNull(subscriptionsAttrTypes), nil, err
	}
	if wholeSession(prior) && len(subs.Participants) > 0 && noAliases(subs) {
		members, err := client.ListSessionParticipants(ctx, sessionID)
		if err != nil {
			return types.ObjectNull(subscriptionsAttrTypes), nil, err
		}
		if sameParticipants(subs.Participants, otherMembers(members, participantID)) {
			subs = &webrtc.Subscriptions{SessionID: subs.SessionID}
			if subs.SessionID == "" {
				subs.SessionID = sessionID
			}
		}
	}
	obj, diags := subscriptionsToObject(subs, sessionID, prior)
	return obj, diags, nil
}

// wholeSession reports whether prior subscribes to a whole session (a session_id, no participants).
func wholeSession(prior types.Object) bool {
	m, ok := decodeSubscriptions(prior)
	return ok && m.Participants.IsNull()
}

func noAliases(subs *webrtc.Subscriptions) bool {
	return !slices.ContainsFunc(subs.Participants, func(p webrtc.ParticipantSubscription) bool { return len(p.StreamAliases) > 0 })
}

func otherMembers(members []webrtc.Participant, participantID string) []string {
	var ids []string
	for _, m := range members {
		if !sameID(m.ID, participantID) {
			ids = append(ids, m.ID)
		}
	}
	return ids
}

func sameParticipants(subscribed []webrtc.ParticipantSubscription, ids []string) bool {
	if len(subscribed) != len(ids) {
		return false
	}
	for _, p := range subscribed {
		if !slices.ContainsFunc(ids, func(id string) bool { return sameID(id, p.ParticipantID) }) {
			return false
		}
	}
	return true
}

// addSubscriptionsError explains a failed subscriptions write. A 404 while both the session and
// the participant exist means this API keeps subscriptions only for members of the session, which
// Bandwidth's documentation does not say either way.
func addSubscriptionsError(ctx context.Context, diags *diag.Diagnostics, client *webrtc.Client, action, sessionID, participantID string, err error) {
	if webrtc.IsNotFound(err) && exists(client.GetSession(ctx, sessionID)) && exists(client.GetParticipant(ctx, participantID)) {
		diags.AddError("Cannot "+action,
			fmt.Sprintf("Bandwidth refused subscriptions for participant %s in session %s because the participant is not a member "+
				"of that session (%s). This API keeps subscriptions only for members.\n\nSet the subscriptions on a "+
				"bandwidth_webrtc_session_participant for this participant and session instead (it adds the participant and "+
				"subscribes it in one call), and remove subscriptions from the bandwidth_webrtc_participant.",
				participantID, sessionID, err))
		return
	}
	addAPIError(diags, action, err)
}

func exists[T any](_ T, err error) bool { return err == nil }
