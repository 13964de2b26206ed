package webrtcmock

import (
	"encoding/json"
	"net/http"
	"sync"
	"testing"
)

// TestConcurrentJoinsRespectTheCap races more joiners than seats: exactly the cap gets in.
func TestConcurrentJoinsRespectTheCap(t *testing.T) {
	h := newHarness(t, Options{})
	sid := h.newSession("race")
	const joiners = MaxParticipantsPerSession + 10

	var wg sync.WaitGroup
	statuses := make(chan int, joiners)
	for range joiners {
		wg.Add(1)
		go func() { // no t.Fatal off the test goroutine: every outcome goes to statuses
			defer wg.Done()
			created := h.api(http.MethodPost, "participants", "")
			var body createParticipantResponse
			if err := json.Unmarshal(created.body, &body); err != nil || created.status != http.StatusOK {
				statuses <- created.status
				return
			}
			statuses <- h.addToSession(sid, body.Participant.ID, `{"sessionId":"`+sid+`"}`).status
			_, _ = h.m.Participant(body.Participant.ID)
			_ = h.m.Stats()
		}()
	}
	wg.Wait()
	close(statuses)

	counts := map[int]int{}
	for s := range statuses {
		counts[s]++
	}
	mustEqual(t, "answers", counts, map[int]int{http.StatusNoContent: MaxParticipantsPerSession, http.StatusConflict: 10})
	mustEqual(t, "members", len(h.listMembers(sid)), MaxParticipantsPerSession)
	mustEqual(t, "participants created", h.m.Stats().ParticipantsCreated, joiners)
}
