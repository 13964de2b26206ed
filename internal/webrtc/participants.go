package webrtc

import (
	"context"
	"net/http"
)

// CreateParticipant creates a participant. The response holds its token, which the API
// returns only here.
func (c *Client) CreateParticipant(ctx context.Context, req CreateParticipantRequest) (*CreateParticipantResponse, error) {
	const op = "createParticipant"
	var resp CreateParticipantResponse
	if err := c.do(ctx, op, http.MethodPost, c.accountPath("participants"), req, &resp); err != nil {
		return nil, err
	}
	var missing []string
	if resp.Participant.ID == "" {
		missing = append(missing, "participant id")
	}
	if resp.Token == "" {
		missing = append(missing, "token")
	}
	if missing != nil {
		return nil, &IncompleteAnswerError{Operation: op, ID: resp.Participant.ID, Missing: missing}
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
