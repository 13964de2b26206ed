package webrtcmock

import (
	"encoding/json"
	"net/http"
)

// Stats is a snapshot of the mock's counters.
type Stats struct {
	LiveParticipants int `json:"liveParticipants"`
	LiveSessions     int `json:"liveSessions"`
	// Requests counts answers by operation and status. A reset connection counts as status 0,
	// a client that left during a fault's delay as StatusClientGone.
	Requests            map[string]map[int]int `json:"requests"`
	ConnectionsAccepted int                    `json:"connectionsAccepted"` // filled by Start's listener
	ParticipantsCreated int                    `json:"participantsCreated"` // successful createParticipant, ever
	AccessTokensIssued  int                    `json:"accessTokensIssued"`
}

type counters struct {
	requests            map[string]map[int]int
	total               int
	participantsCreated int
	accessTokensIssued  int
}

func newCounters() counters {
	return counters{requests: map[string]map[int]int{}}
}

func (m *Mock) record(operation string, status int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	byStatus := m.counters.requests[operation]
	if byStatus == nil {
		byStatus = map[int]int{}
		m.counters.requests[operation] = byStatus
	}
	byStatus[status]++
	m.counters.total++
}

// Stats returns a copy of the counters.
func (m *Mock) Stats() Stats {
	m.mu.Lock()
	defer m.mu.Unlock()
	requests := make(map[string]map[int]int, len(m.counters.requests))
	for op, byStatus := range m.counters.requests {
		requests[op] = make(map[int]int, len(byStatus))
		for status, n := range byStatus {
			requests[op][status] = n
		}
	}
	return Stats{
		LiveParticipants:    len(m.participants),
		LiveSessions:        len(m.sessions),
		Requests:            requests,
		ConnectionsAccepted: int(m.connections.Load()),
		ParticipantsCreated: m.counters.participantsCreated,
		AccessTokensIssued:  m.counters.accessTokensIssued,
	}
}

// TotalRequests is the number of requests counted in Stats.Requests, for "zero API calls" checks.
func (m *Mock) TotalRequests() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.counters.total
}

func (m *Mock) serveStats(w http.ResponseWriter) {
	body, err := json.Marshal(m.Stats())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}
