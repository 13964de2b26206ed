package webrtc

import (
	"context"
	"net/http"
)

// CreateParticipant creates a participant. The response holds its token, which the API
// returns only here.
func (c *Client) CreateParticipant(ctx context.Context, req CreateParticipantRequest) (*CreateParticipantResponse, error) {
	var resp CreateParticipantResponse
	if err := c.do(ctx, "createParticipant", http.MethodPost, c.accountPath("participants"), req, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

func (c *Client) GetParticipant(ctx context.Context, participantID string) (*Participant, error) {
	const op = "getParticipant"
	if err := checkID(op, "participant id", participantID); err != nil {
		return nil, err
	}
	var participant Participant
	if err := c.do(ctx, op, http.MethodGet, c.accountPath("participants", participantID), nil, &participant); err != nil {
		return nil, err
	}
	return &participant, nil
}

func (c *Client) DeleteParticipant(ctx context.Context, participantID string) error {
	const op = "deleteParticipant"
	if err := checkID(op, "participant id", participantID); err != nil {
		return err
	}
	return c.do(ctx, op, http.MethodDelete, c.accountPath("participants", participantID), nil, nil)
}
