package webrtc

import "testing"

func TestSubscriptionsSame(t *testing.T) {
	const sid = "d8886aad-b956-4e1b-b2f4-d7c9f8162772"
	const p1, p2 = "568749d5-04d5-483d-adf5-deac7dd3d521", "0275e47f-dd21-4cf0-a1e1-dfdc719e73a7"
	tests := []struct {
		name string
		a, b *Subscriptions
		want bool
	}{
		{"both nil", nil, nil, true},
		{"nil and empty", nil, &Subscriptions{}, true},
		{"nil and session", nil, &Subscriptions{SessionID: sid}, false},
		{"same session", &Subscriptions{SessionID: sid}, &Subscriptions{SessionID: sid}, true},
		{"other session", &Subscriptions{SessionID: sid}, &Subscriptions{SessionID: p1}, false},
		{"participants in another order",
			&Subscriptions{SessionID: sid, Participants: []ParticipantSubscription{{ParticipantID: p1}, {ParticipantID: p2}}},
			&Subscriptions{SessionID: sid, Participants: []ParticipantSubscription{{ParticipantID: p2}, {ParticipantID: p1}}}, true},
		{"a participant missing",
			&Subscriptions{SessionID: sid, Participants: []ParticipantSubscription{{ParticipantID: p1}, {ParticipantID: p2}}},
			&Subscriptions{SessionID: sid, Participants: []ParticipantSubscription{{ParticipantID: p1}}}, false},
		{"aliases in another order",
			&Subscriptions{SessionID: sid, Participants: []ParticipantSubscription{{ParticipantID: p1, StreamAliases: []string{"mic", "cam"}}}},
			&Subscriptions{SessionID: sid, Participants: []ParticipantSubscription{{ParticipantID: p1, StreamAliases: []string{"cam", "mic"}}}}, true},
		{"aliases differ",
			&Subscriptions{SessionID: sid, Participants: []ParticipantSubscription{{ParticipantID: p1, StreamAliases: []string{"mic"}}}},
			&Subscriptions{SessionID: sid, Participants: []ParticipantSubscription{{ParticipantID: p1}}}, false},
		{"whole session versus listed participants",
			&Subscriptions{SessionID: sid},
			&Subscriptions{SessionID: sid, Participants: []ParticipantSubscription{{ParticipantID: p1}}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Same(tt.b); got != tt.want {
				t.Errorf("a.Same(b) = %v, want %v", got, tt.want)
			}
			if got := tt.b.Same(tt.a); got != tt.want {
				t.Errorf("b.Same(a) = %v, want %v", got, tt.want)
			}
		})
	}
}
