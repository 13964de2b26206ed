package webrtcmock

import (
	"net/http"
	"slices"
)

// MaxParticipantsPerSession is the documented cap, counting every kind of participant.
const MaxParticipantsPerSession = 20

// addParticipantToSession adds membership and, when the body subscribes to anything, replaces
// the participant's subscriptions for the session. No body, {} or a body that resolves to
// "nothing" (empty participants, no sessionId) leaves existing subscriptions alone, as the spec
// says such a call "will only add the participant to the session". Adding to the session the
// participant is already in succeeds again. The readd-conflict and readd-clears-subscriptions
// variants do otherwise.
func (m *Mock) addParticipantToSession(c *call) response {
	subs, err := decodeSubscriptions(c)
	if err != nil {
		return c.fail(err)
	}
	s, p, err := m.sessionAndParticipantLocked(c)
	if err != nil {
		return c.fail(err)
	}
	readd := p.session == s.id
	if readd && m.HasVariant(VariantReaddConflict) {
		return c.fail(errorf(http.StatusConflict, "participant %s is already in session %s", p.id, s.id))
	}
	if err := m.joinLocked(p, s); err != nil {
		return c.fail(err)
	}
	switch {
	case !subs.isEmpty():
		m.storeSubscriptionsLocked(p, s.id, subs)
	case readd && m.HasVariant(VariantReaddClearsSubscriptions):
		delete(p.subscriptions, s.id)
	}
	return noContent()
}

// removeParticipantFromSession also drops the participant's subscriptions for the session,
// as the spec says.
func (m *Mock) removeParticipantFromSession(c *call) response {
	s, p, err := m.sessionAndParticipantLocked(c)
	if err != nil {
		return c.fail(err)
	}
	if p.session != s.id {
		return c.fail(errorf(http.StatusNotFound, "participant %s is not in session %s", p.id, s.id))
	}
	m.leaveLocked(p, s)
	return noContent()
}

// joinLocked enforces one session per participant and the per-session cap. The spec documents
// 409 on add without saying why; these two limits are the conflicts the API describes.
func (m *Mock) joinLocked(p *participantState, s *sessionState) error {
	switch {
	case p.session == s.id:
		return nil
	case p.session != "":
		return errorf(http.StatusConflict, "participant %s is already in session %s", p.id, p.session)
	case len(s.members) >= MaxParticipantsPerSession:
		return errorf(http.StatusConflict, "session %s is full (%d participants)", s.id, MaxParticipantsPerSession)
	}
	p.session = s.id
	s.members = append(s.members, p.id)
	return nil
}

func (m *Mock) leaveLocked(p *participantState, s *sessionState) {
	s.members = slices.DeleteFunc(s.members, func(id string) bool { return id == p.id })
	p.session = ""
	delete(p.subscriptions, s.id)
}

func (m *Mock) sessionAndParticipantLocked(c *call) (*sessionState, *participantState, error) {
	s, err := m.sessionLocked(c.params.sessionID)
	if err != nil {
		return nil, nil, err
	}
	p, err := m.participantLocked(c.params.participantID)
	if err != nil {
		return nil, nil, err
	}
	return s, p, nil
}
