package webrtcmock

import "net/http"

// getParticipantSubscriptions answers 204 when nothing is stored for the pair: the spec lists
// 204 as an alternative to 200 without saying when, and "not subscribed" is the case that fits.
// Membership is not required, matching updateParticipantSubscriptions.
func (m *Mock) getParticipantSubscriptions(c *call) response {
	s, p, err := m.sessionAndParticipantLocked(c)
	if err != nil {
		return c.fail(err)
	}
	stored, ok := p.subscriptions[s.id]
	if !ok {
		return noContent()
	}
	return jsonResponse(http.StatusOK, m.renderSubscriptionsLocked(p, stored.value))
}

// updateParticipantSubscriptions replaces (never merges) the pair's subscriptions; a missing or
// empty body removes them. It does not require membership: a Bandwidth SDK test updates a
// participant never added to the session and expects GET to return the result. It stores the
// subscriptions without making the participant a member. The subscriptions-need-membership
// and subscriptions-add-membership variants do otherwise.
func (m *Mock) updateParticipantSubscriptions(c *call) response {
	subs, err := decodeSubscriptions(c)
	if err != nil {
		return c.fail(err)
	}
	s, p, err := m.sessionAndParticipantLocked(c)
	if err != nil {
		return c.fail(err)
	}
	if p.session != s.id {
		switch {
		case m.HasVariant(VariantSubscriptionsNeedMembership):
			return c.fail(errorf(http.StatusNotFound, "participant %s is not in session %s", p.id, s.id))
		case m.HasVariant(VariantSubscriptionsAddMembership):
			if err := m.joinLocked(p, s); err != nil {
				return c.fail(err)
			}
		}
	}
	m.storeSubscriptionsLocked(p, s.id, subs)
	return noContent()
}

func decodeSubscriptions(c *call) (Subscriptions, error) {
	var body Subscriptions
	if err := decodeBody(c.body, &body); err != nil {
		return Subscriptions{}, err
	}
	return resolveSubscriptions(body, c.params.sessionID)
}

// resolveSubscriptions applies the spec's precedence: a non-empty participants list means exactly
// those (sessionId kept for context, as the docs' example shows); otherwise a sessionId means the
// whole session, later joiners included; otherwise nothing. pathSessionID is "" for a legacy
// create, where the body names the session. A body sessionId that contradicts the path is refused:
// the docs say they are expected to be equal and leave a mismatch unspecified.
func resolveSubscriptions(body Subscriptions, pathSessionID string) (Subscriptions, error) {
	if err := validateParticipantSubscriptions(body.Participants); err != nil {
		return Subscriptions{}, err
	}
	sessionID := body.SessionID
	if sessionID != "" && !isUUID(sessionID) {
		return Subscriptions{}, badRequest("sessionId %q is not a valid UUID", sessionID)
	}
	if pathSessionID != "" {
		if sessionID != "" && sessionID != pathSessionID {
			return Subscriptions{}, badRequest("sessionId %s in the body does not match session %s in the path", sessionID, pathSessionID)
		}
		sessionID = pathSessionID
	}
	switch {
	case len(body.Participants) > 0:
		return Subscriptions{SessionID: sessionID, Participants: body.clone().Participants}, nil
	case body.SessionID != "":
		return Subscriptions{SessionID: sessionID}, nil
	default:
		return Subscriptions{}, nil
	}
}

// storeSubscriptionsLocked replaces what p has for sessionID; empty subscriptions delete it.
func (m *Mock) storeSubscriptionsLocked(p *participantState, sessionID string, subs Subscriptions) {
	if subs.isEmpty() {
		delete(p.subscriptions, sessionID)
		return
	}
	m.sequence++
	p.subscriptions[sessionID] = storedSubscriptions{value: subs.clone(), sequence: m.sequence}
}
