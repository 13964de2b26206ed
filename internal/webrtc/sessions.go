package webrtc

import (
	"context"
	"net/http"
)

// CreateSession creates a session; only session.Tag is meaningful to the API.
func (c *Client) CreateSession(ctx context.Context, session Session) (*Session, error) {
	const op = "createSession"
	var created Session
	if err := c.do(ctx, op, http.MethodPost, c.accountPath("sessions"), session, &created); err != nil {
		return nil, err
	}
	if created.ID == "" {
		return nil, &IncompleteAnswerError{Operation: op, Missing: []string{"session id"}}
	}
	return &created, nil
}

func (c *Client) GetSession(ctx context.Context, sessionID string) (*Session, error) {
	const op = "getSession"
	if err := checkID(op, "session id", sessionID); err != nil {
		return nil, err
	}
	var session Session
	if err := c.do(ctx, op, http.MethodGet, c.accountPath("sessions", sessionID), nil, &session); err != nil {
		return nil, err
	}
	return &session, nil
}

func (c *Client) DeleteSession(ctx context.Context, sessionID string) error {
	const op = "deleteSession"
	if err := checkID(op, "session id", sessionID); err != nil {
		return err
	}
	return c.do(ctx, op, http.MethodDelete, c.accountPath("sessions", sessionID), nil, nil)
}

// ListSessionParticipants returns the session's participants; a 204 is an empty list.
func (c *Client) ListSessionParticipants(ctx context.Context, sessionID string) ([]Participant, error) {
	const op = "listSessionParticipants"
	if err := checkID(op, "session id", sessionID); err != nil {
		return nil, err
	}
	participants := []Participant{}
	if err := c.do(ctx, op, http.MethodGet, c.accountPath("sessions", sessionID, "participants"), nil, &participants); err != nil {
		return nil, err
	}
	if participants == nil { // the body was JSON null
		participants = []Participant{}
	}
	return participants, nil
}
