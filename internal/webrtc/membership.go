package webrtc

import (
	"context"
	"net/http"
)

// AddParticipantToSession adds a participant to a session and, when subs is not empty,
// applies those subscriptions in the same call. Empty subs (nil included) send no body,
// which only adds membership.
func (c *Client) AddParticipantToSession(ctx context.Context, sessionID, participantID string, subs *Subscriptions) error {
	const op = "addParticipantToSession"
	path, err := c.membershipPath(op, sessionID, participantID)
	if err != nil {
		return err
	}
	return c.do(ctx, op, http.MethodPut, path, subscriptionsBody(subs), nil)
}

func (c *Client) RemoveParticipantFromSession(ctx context.Context, sessionID, participantID string) error {
	const op = "removeParticipantFromSession"
	path, err := c.membershipPath(op, sessionID, participantID)
	if err != nil {
		return err
	}
	return c.do(ctx, op, http.MethodDelete, path, nil, nil)
}

// membershipPath is /sessions/{sessionId}/participants/{participantId} plus extra segments.
func (c *Client) membershipPath(op, sessionID, participantID string, extra ...string) (string, error) {
	if err := checkID(op, "session id", sessionID); err != nil {
		return "", err
	}
	if err := checkID(op, "participant id", participantID); err != nil {
		return "", err
	}
	segments := append([]string{"sessions", sessionID, "participants", participantID}, extra...)
	return c.accountPath(segments...), nil
}
