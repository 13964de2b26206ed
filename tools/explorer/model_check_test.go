package explorer

import (
	"reflect"
	"strings"
	"testing"
)

func TestEditKeepsTheModelsRules(t *testing.T) {
	m := NewModel()
	for _, s := range []Step{
		{Kind: AddEnv, Env: "dev", Value: "dev-1"},
		{Kind: AddEnv, Env: "prod", Value: "prod-1"},
		{Kind: AddParticipant, P: "p1", Env: "dev", Value: "p1-1"},
		{Kind: AddParticipant, P: "p2", Env: "dev", Value: "p2-1", On: true},
		{Kind: AddParticipant, P: "p3", Env: "prod", Value: "p3-1", On: true},
		{Kind: SetOwnSubs, P: "p2", Subs: Subs{Mode: SubsSome, Of: []string{"p3", "p1", "p2", "p1"}}},
		{Kind: SetMemberSubs, P: "p3", Subs: Subs{Mode: SubsSome, Of: []string{"p2"}}},
	} {
		if !m.Edit(s) {
			t.Fatalf("%s did not apply", s)
		}
	}
	// Own subscriptions name only existing, lower-numbered others, once each.
	if got := m.Participants["p2"].OwnSubs; !reflect.DeepEqual(got, Subs{Mode: SubsSome, Of: []string{"p1"}}) {
		t.Errorf("p2 own subscriptions = %+v", got)
	}
	// One style per participant: own subscriptions clear the membership's.
	m.Edit(Step{Kind: SetOwnSubs, P: "p3", Subs: Subs{Mode: SubsWhole}})
	if got := m.Participants["p3"].MemberSubs; got.Mode != SubsNone {
		t.Errorf("p3 membership subscriptions = %+v after own subscriptions were set", got)
	}
	// Removing p1 leaves p2 subscribed to nobody in particular: the whole session.
	m.Edit(Step{Kind: RemoveParticipant, P: "p1"})
	if got := m.Participants["p2"].OwnSubs; got.Mode != SubsWhole {
		t.Errorf("p2 own subscriptions after p1 went = %+v, want the whole session", got)
	}
	// Removing an environment removes its participants.
	m.Edit(Step{Kind: RemoveEnv, Env: "dev"})
	if names := m.ParticipantNames(); !reflect.DeepEqual(names, []string{"p3"}) {
		t.Errorf("participants after removing dev = %v", names)
	}
	// Steps that do not fit are no-ops.
	for _, s := range []Step{
		{Kind: SetTag, P: "p1", Value: "x"},
		{Kind: Move, P: "p3", Env: "dev"},
		{Kind: AddEnv, Env: "prod", Value: "again"},
		{Kind: SetMemberSubs, P: "p3", Subs: Subs{Mode: SubsWhole}},
	} {
		if s.Kind == SetMemberSubs {
			m.Edit(Step{Kind: SetMembership, P: "p3", On: false})
		}
		if m.Edit(s) {
			t.Errorf("%s applied to a model it does not fit", s)
		}
	}
}

func TestParticipantNamesSortNumerically(t *testing.T) {
	m := NewModel()
	m.Edit(Step{Kind: AddEnv, Env: "dev"})
	for _, p := range []string{"p10", "p2", "p1"} {
		m.Edit(Step{Kind: AddParticipant, P: p, Env: "dev"})
	}
	if got := m.ParticipantNames(); !reflect.DeepEqual(got, []string{"p1", "p2", "p10"}) {
		t.Fatalf("names = %v", got)
	}
}

func TestRender(t *testing.T) {
	m := NewModel()
	for _, s := range []Step{
		{Kind: AddEnv, Env: "dev", Value: "dev-1"},
		{Kind: AddParticipant, P: "p1", Env: "dev", Value: "p1-1", List: []string{"AUDIO"}, On: true},
		{Kind: AddParticipant, P: "p2", Env: "dev", Value: "p2-1"},
		{Kind: SetOwnSubs, P: "p2", Subs: Subs{Mode: SubsSome, Of: []string{"p1"}}},
		{Kind: SetRenewBefore, P: "p2", Value: "30m"},
		{Kind: SetCBD, P: "p2", On: true},
		{Kind: SetMemberSubs, P: "p1", Subs: Subs{Mode: SubsWhole}},
	} {
		m.Edit(s)
	}
	hcl := Render(m, Connection{AccountID: "9900000", BaseURL: "http://127.0.0.1:1/v1", TokenURL: "http://127.0.0.1:1/t", ClientID: "c", ClientSecret: "s"})
	for _, want := range []string{
		`resource "bandwidth_webrtc_session" "dev" {` + "\n  tag = \"dev-1\"",
		`publish_permissions = ["AUDIO"]`,
		`participant_id = bandwidth_webrtc_participant.p1.id`,
		`{ participant_id = bandwidth_webrtc_participant.p1.id },`,
		`renew_before = "30m"`,
		"create_before_destroy = true",
		`depends_on = [bandwidth_webrtc_session_participant.p1]`,
		"p2 = bandwidth_webrtc_participant.p2.token",
		`for_each = toset(["dev"])`,
		`sensitive = true`,
	} {
		if !strings.Contains(hcl, want) {
			t.Errorf("rendered configuration lacks %q:\n%s", want, hcl)
		}
	}
	if strings.Count(hcl, "resource \"bandwidth_webrtc_session_participant\"") != 1 {
		t.Errorf("want exactly one membership:\n%s", hcl)
	}
}
