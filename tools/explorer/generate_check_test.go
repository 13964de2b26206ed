package explorer

import (
	"reflect"
	"testing"
)

func TestGenerateIsReproducible(t *testing.T) {
	for _, seed := range []uint64{1, 2, 42, 987654321} {
		a, b := Generate(seed, 60), Generate(seed, 60)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("seed %d: two draws differ", seed)
		}
		if len(a) < 60 {
			t.Fatalf("seed %d: %d steps, want at least 60", seed, len(a))
		}
	}
	if reflect.DeepEqual(Generate(1, 40), Generate(2, 40)) {
		t.Fatal("seeds 1 and 2 draw the same steps")
	}
}

// Every generated edit fits the model at its point in the list, every interrupt comes right before
// the apply it stops, and the lists cover every kind.
func TestGenerateEditsFitAndCoverEveryKind(t *testing.T) {
	seen := map[Kind]bool{}
	for seed := uint64(1); seed <= 40; seed++ {
		m := NewModel()
		steps := Generate(seed, 80)
		for i, s := range steps {
			seen[s.Kind] = true
			if s.Kind == Interrupt && (i+1 == len(steps) || steps[i+1].Kind != Apply) {
				t.Fatalf("seed %d step %d: an interrupt not followed by the apply it stops", seed, i+1)
			}
			for _, b := range s.Between {
				seen[b.Kind] = true
			}
			if s.isEdit() && !m.Clone().Edit(s) {
				t.Fatalf("seed %d step %d (%s) does not fit the model", seed, i+1, s)
			}
			if s.isEdit() {
				m.Edit(s)
			}
			if len(m.Participants) > maxParticipants {
				t.Fatalf("seed %d step %d: %d participants", seed, i+1, len(m.Participants))
			}
		}
	}
	for kind := range kindConst {
		if !seen[kind] {
			t.Errorf("no seed drew a %s step", kind)
		}
	}
}
