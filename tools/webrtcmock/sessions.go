package webrtcmock

import (
	"net/http"

	"github.com/google/uuid"
)

type sessionState struct {
	id      string
	tag     string
	members []string // participant ids in the order they joined
}

func (s *sessionState) view() SessionView { return SessionView{ID: s.id, Tag: s.tag} }

// createSession ignores any `id` in the body (server-assigned) and, like createParticipant,
// makes a new session on every call.
func (m *Mock) createSession(c *call) response {
	var req createSessionRequest
	if err := decodeBody(c.body, &req); err != nil {
		return c.fail(err)
	}
	if err := validateTag(req.Tag); err != nil {
		return c.fail(err)
	}
	s := &sessionState{id: uuid.NewString(), tag: req.Tag}
	if s.tag == "" && m.HasVariant(VariantGeneratedTag) {
		s.tag = generatedTag("session", s.id)
	}
	m.sessions[s.id] = s
	return jsonResponse(http.StatusOK, s.view())
}

func (m *Mock) getSession(c *call) response {
	s, err := m.sessionLocked(c.params.sessionID)
	if err != nil {
		return c.fail(err)
	}
	return jsonResponse(http.StatusOK, s.view())
}

func (m *Mock) deleteSession(c *call) response {
	if !m.deleteSessionLocked(c.params.sessionID) {
		return c.fail(sessionNotFound(c.params.sessionID))
	}
	return noContent()
}

// deleteSessionLocked ends every membership in the session and drops every participant's
// subscriptions for it, members or not ("sessions and their subscriptions are removed").
func (m *Mock) deleteSessionLocked(id string) bool {
	s, ok := m.sessions[id]
	if !ok {
		return false
	}
	for _, p := range m.participants {
		if p.session == id {
			m.leaveLocked(p, s)
		}
		delete(p.subscriptions, id)
	}
	delete(m.sessions, id)
	return true
}

// listSessionParticipants answers 204 for an empty session: the spec lists 204 as an alternative
// to 200 without saying when, and "nothing to list" is the only case that fits.
func (m *Mock) listSessionParticipants(c *call) response {
	s, err := m.sessionLocked(c.params.sessionID)
	if err != nil {
		return c.fail(err)
	}
	if len(s.members) == 0 {
		return noContent()
	}
	views := make([]ParticipantView, 0, len(s.members))
	for _, id := range s.members {
		views = append(views, m.participantViewLocked(m.participants[id]))
	}
	return jsonResponse(http.StatusOK, views)
}

func (m *Mock) sessionLocked(id string) (*sessionState, error) {
	s, ok := m.sessions[id]
	if !ok {
		return nil, sessionNotFound(id)
	}
	return s, nil
}

func sessionNotFound(id string) error {
	return errorf(http.StatusNotFound, "session %s not found", id)
}
