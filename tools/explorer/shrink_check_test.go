package explorer

import (
	"go/parser"
	"reflect"
	"slices"
	"sync/atomic"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

// ddmin finds the two steps that together make a synthetic failure, out of many.
func TestDDMinFindsTheFailingPair(t *testing.T) {
	var steps []Step
	for i := range 40 {
		steps = append(steps, Step{Kind: SetTag, P: "p1", Value: string(rune('a' + i%26)), On: i == 7 || i == 31})
	}
	fails := func(c []Step) bool {
		n := 0
		for _, s := range c {
			if s.On {
				n++
			}
		}
		return n == 2
	}
	var calls atomic.Int32
	got, complete := ddmin(steps, func(c []Step) bool { calls.Add(1); return fails(c) }, func() bool { return false }, 2)
	if !complete || len(got) != 2 || !got[0].On || !got[1].On {
		t.Fatalf("ddmin = %v (complete %v), want the two marked steps", got, complete)
	}
	if calls.Load() > 120 {
		t.Errorf("ddmin took %d trials for 40 steps", calls.Load())
	}
}

func TestDDMinStopsOnBudget(t *testing.T) {
	steps := make([]Step, 16)
	trials := 0
	got, complete := ddmin(steps, func([]Step) bool { trials++; return false }, func() bool { return trials >= 3 }, 1)
	if complete || len(got) != 16 || trials != 3 {
		t.Fatalf("ddmin = %d steps, complete %v after %d trials", len(got), complete, trials)
	}
}

func TestGoStepsIsValidGo(t *testing.T) {
	steps := Generate(7, 50)
	steps = append(steps, Step{Kind: InjectFault, Fault: &FaultSpec{Op: "getSession", Status: 500, Times: 2, AfterHandling: true}},
		Step{Kind: SavedPlan, Between: []Step{{Kind: ExpireSession, Env: "dev"}}})
	src := GoSteps(steps)
	if _, err := parser.ParseExpr(src); err != nil {
		t.Fatalf("GoSteps does not parse: %v\n%s", err, src)
	}
	for _, s := range steps {
		if s.String() == string(s.Kind) {
			t.Errorf("%s has no human-readable form", s.Kind)
		}
	}
}

func TestClassify(t *testing.T) {
	out := "Error: Provider produced inconsistent final plan\n\nWhen expanding the plan for x ...\n"
	if got := fatalSignature(out); got != "inconsistent-final-plan" {
		t.Errorf("fatalSignature = %q", got)
	}
	if got := fatalSignature("Error: Failed to add participant\n"); got != "" {
		t.Errorf("a provider diagnostic classified as %q", got)
	}
	if !staleSavedPlan("Error: Saved plan is stale\n") {
		t.Error("stale plan not recognised")
	}
	cli := "bandwidth_webrtc_session.dev: Creating...\n\nError: Provider produced inconsistent final plan\n\nWhen expanding the plan for\nbandwidth_webrtc_participant.p1 to include new values, provider changed the\nplanned action from Update to DeleteThenCreate.\n\nThis is a bug in the provider, which should be reported in the provider's own\nissue tracker.\n\nError: Provider produced inconsistent final plan\n\nWhen expanding the plan for\nbandwidth_webrtc_participant.p1 to include new values, provider changed the\nplanned action from Update to DeleteThenCreate.\n\nThis is a bug in the provider, which should be reported in the provider's own\nissue tracker.\n\nexit status 1\n"
	want := "Error: Provider produced inconsistent final plan: When expanding the plan for bandwidth_webrtc_participant.p1 to include new values, provider changed the planned action from Update to DeleteThenCreate."
	if got := excerpt(cli, 1000); got != want {
		t.Errorf("excerpt =\n%s\nwant\n%s", got, want)
	}
	got := errorSummaries("│ Error: One\n│\nError: Two\nError: Two\n")
	if !slices.Equal(got, []string{"One", "Two"}) {
		t.Errorf("errorSummaries = %q", got)
	}
}

func TestRedact(t *testing.T) {
	token := "eyJhbGciOiJIUzI1NiJ9.eyJwIjoiYWJjIn0.c2lnbmF0dXJl"
	got := redact("token "+token+" and secret demo-secret", "demo-secret")
	if got != "token <redacted-token> and secret <redacted>" {
		t.Fatalf("redact = %q", got)
	}
	if tokenParticipant(token) != "abc" {
		t.Fatalf("tokenParticipant = %q", tokenParticipant(token))
	}
}

func TestExplainedByRenewal(t *testing.T) {
	replace := plannedChange{typ: "bandwidth_webrtc_participant", name: "p1", actions: tfjson.Actions{"create", "delete"}}
	member := plannedChange{typ: "bandwidth_webrtc_session_participant", name: "p1", actions: tfjson.Actions{"delete", "create"}}
	store := plannedChange{module: `module.token_store["dev"]`, typ: "terraform_data", name: "secret", index: "p1", actions: tfjson.Actions{"delete", "create"}}
	otherStore := plannedChange{module: `module.token_store["dev"]`, typ: "terraform_data", name: "secret", index: "p2", actions: tfjson.Actions{"delete", "create"}}
	other := plannedChange{typ: "bandwidth_webrtc_participant", name: "p2", actions: tfjson.Actions{"delete", "create"}}
	tests := []struct {
		changes []plannedChange
		due     []string
		want    bool
	}{
		{[]plannedChange{replace, member, store}, []string{"p1"}, true},
		{[]plannedChange{replace, other}, []string{"p1"}, false},      // p2 was not due
		{[]plannedChange{store}, []string{"p1"}, false},               // p1 due but not replaced
		{[]plannedChange{replace}, nil, false},                        // nothing due
		{[]plannedChange{replace, otherStore}, []string{"p1"}, false}, // p2's secret replaced
		{[]plannedChange{replace, other}, []string{"p1", "p2"}, true},
	}
	for i, tt := range tests {
		if got := explainedByRenewal(tt.changes, tt.due); got != tt.want {
			t.Errorf("case %d: explainedByRenewal = %v, want %v", i, got, tt.want)
		}
	}
	if !reflect.DeepEqual(simplifications(Step{Kind: SavedPlan}), []Step{{Kind: Apply}}) {
		t.Error("a saved plan does not simplify to an apply")
	}
}
