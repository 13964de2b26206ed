package webrtc

import "slices"

// Same reports whether s and o subscribe to the same things: participants compared as a set,
// stream aliases as sets, ids case-insensitively, and nothing equal to nothing however it is spelled.
func (s *Subscriptions) Same(o *Subscriptions) bool {
	if s.IsEmpty() || o.IsEmpty() {
		return s.IsEmpty() && o.IsEmpty()
	}
	if CanonicalID(s.SessionID) != CanonicalID(o.SessionID) || len(s.Participants) != len(o.Participants) {
		return false
	}
	want := make(map[string][]string, len(s.Participants))
	for _, p := range s.Participants {
		want[CanonicalID(p.ParticipantID)] = sortedCopy(p.StreamAliases)
	}
	for _, p := range o.Participants {
		aliases, ok := want[CanonicalID(p.ParticipantID)]
		if !ok || !slices.Equal(aliases, sortedCopy(p.StreamAliases)) {
			return false
		}
	}
	return true
}

func sortedCopy(values []string) []string {
	out := slices.Clone(values)
	slices.Sort(out)
	return slices.Compact(out)
}
