package provider

import (
	"sync"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

// subscriptionHandoff remembers which participants' subscriptions bandwidth_webrtc_participant
// wrote during this run of the provider. When a configuration moves subscriptions from a
// membership to its participant, Terraform updates the participant first (the membership depends
// on it) and the membership, dropping its subscriptions, would then clear what the participant
// has just written.
type subscriptionHandoff struct {
	mu      sync.Mutex
	written map[string]bool
}

func newSubscriptionHandoff() *subscriptionHandoff {
	return &subscriptionHandoff{written: map[string]bool{}}
}

func (h *subscriptionHandoff) markWrittenByParticipant(sessionID, participantID string) {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.written[handoffKey(sessionID, participantID)] = true
}

func (h *subscriptionHandoff) writtenByParticipant(sessionID, participantID string) bool {
	if h == nil {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.written[handoffKey(sessionID, participantID)]
}

func handoffKey(sessionID, participantID string) string {
	return webrtc.CanonicalID(sessionID) + "/" + webrtc.CanonicalID(participantID)
}
