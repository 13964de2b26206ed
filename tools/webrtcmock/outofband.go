package webrtcmock

// Out-of-band inspection and changes for model-based tests: what a test needs to compare the
// mock with Terraform state, and to make things happen "outside Terraform". None of these is
// counted as a request.

// Memberships lists every live session's members in the order they joined, by session id.
// A session with nobody in it has an empty (non-nil) list.
func (m *Mock) Memberships() map[string][]string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string][]string, len(m.sessions))
	for id, s := range m.sessions {
		out[id] = append([]string{}, s.members...)
	}
	return out
}

// RemoveMembership takes a participant out of a session out of band, with the same effect as
// removeParticipantFromSession (its subscriptions for the session go too). It reports whether
// the participant was in the session.
func (m *Mock) RemoveMembership(sessionID, participantID string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[sessionID]
	if !ok {
		return false
	}
	p, ok := m.participants[participantID]
	if !ok || p.session != sessionID {
		return false
	}
	m.leaveLocked(p, s)
	return true
}

// StoredSubscriptions returns what a participant holds for a session, as
// getParticipantSubscriptions would answer (ok is false where that answers 204 or 404).
func (m *Mock) StoredSubscriptions(participantID, sessionID string) (Subscriptions, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.participants[participantID]
	if !ok {
		return Subscriptions{}, false
	}
	stored, ok := p.subscriptions[sessionID]
	if !ok {
		return Subscriptions{}, false
	}
	return stored.value.clone(), true
}

// PendingFaults counts the injected faults not yet used up (an unlimited fault counts once).
func (m *Mock) PendingFaults() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, queue := range m.faults {
		n += len(queue)
	}
	return n
}
