package webrtcmock

import (
	"maps"
	"slices"
)

// Participant returns a snapshot of a participant as getParticipant would render it.
func (m *Mock) Participant(id string) (ParticipantView, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.participants[id]
	if !ok {
		return ParticipantView{}, false
	}
	return m.participantViewLocked(p), true
}

// Session returns a snapshot of a session as getSession would render it.
func (m *Mock) Session(id string) (SessionView, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[id]
	if !ok {
		return SessionView{}, false
	}
	return s.view(), true
}

// ParticipantIDs lists live participants, sorted.
func (m *Mock) ParticipantIDs() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Sorted(maps.Keys(m.participants))
}

// SessionIDs lists live sessions, sorted.
func (m *Mock) SessionIDs() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Sorted(maps.Keys(m.sessions))
}

// RemoveParticipant deletes a participant out of band ("deleted outside Terraform"), with the
// same cascade as deleteParticipant. It is not counted as a request.
func (m *Mock) RemoveParticipant(id string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.deleteParticipantLocked(id)
}

// RemoveSession deletes a session out of band (e.g. the documented 9-hour cleanup), with the
// same cascade as deleteSession. It is not counted as a request.
func (m *Mock) RemoveSession(id string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.deleteSessionLocked(id)
}
