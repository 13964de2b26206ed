package webrtc

import (
	"context"
	"net/http"
)

// GetParticipantSubscriptions returns what the participant receives in the session;
// a 204 means nothing (an empty Subscriptions).
func (c *Client) GetParticipantSubscriptions(ctx context.Context, sessionID, participantID string) (*Subscriptions, error) {
	const op = "getParticipantSubscriptions"
	path, err := c.membershipPath(op, sessionID, participantID, "subscriptions")
	if err != nil {
		return nil, err
	}
	var subs Subscriptions
	if err := c.do(ctx, op, http.MethodGet, path, nil, &subs); err != nil {
		return nil, err
	}
	return &subs, nil
}

// UpdateParticipantSubscriptions replaces the participant's subscriptions in the session.
// Empty subs (nil included) send no body, which removes every subscription.
func (c *Client) UpdateParticipantSubscriptions(ctx context.Context, sessionID, participantID string, subs *Subscriptions) error {
	const op = "updateParticipantSubscriptions"
	path, err := c.membershipPath(op, sessionID, participantID, "subscriptions")
	if err != nil {
		return err
	}
	return c.do(ctx, op, http.MethodPut, path, subscriptionsBody(subs), nil)
}

// subscriptionsBody returns the request body for subs: none when it subscribes to
// nothing, which the API documents as equivalent to an empty body.
func subscriptionsBody(subs *Subscriptions) any {
	if subs.IsEmpty() {
		return nil
	}
	return subs.canonical()
}

// canonical is subs with every id spelled as the API spells it.
func (s *Subscriptions) canonical() *Subscriptions {
	out := &Subscriptions{SessionID: CanonicalID(s.SessionID), Participants: make([]ParticipantSubscription, len(s.Participants))}
	for i, p := range s.Participants {
		out.Participants[i] = ParticipantSubscription{ParticipantID: CanonicalID(p.ParticipantID), StreamAliases: p.StreamAliases}
	}
	return out
}
