package explorer

import "testing"

// A participant whose own subscriptions follow its environment's session, when that session is
// replaced (tag change, -replace, or it expired and is re-created).
func TestRegression_SessionReplacedUnderSubscribedParticipant(t *testing.T) {
	replay(t, []Step{
		{Kind: AddEnv, Env: "dev", Value: "dev-1"},
		{Kind: AddParticipant, P: "p1", Env: "dev", Value: "p1-v1"},
		{Kind: SetOwnSubs, P: "p1", Subs: Subs{Mode: SubsWhole}},
		{Kind: Apply},
		{Kind: SetSessionTag, Env: "dev", Value: "dev-2"},
		{Kind: Apply},
	})
}

// Removing a participant's membership makes the API drop the participant's subscriptions for
// that session, which the participant's own `subscriptions` still claim: the state says
// subscribed, the mock says not, and the next plan re-applies them.
func TestRegression_MembershipRemovedUnderOwnSubscriptions(t *testing.T) {
	replay(t, []Step{
		{Kind: AddEnv, Env: "dev", Value: "dev-1"},
		{Kind: AddParticipant, Env: "dev", P: "p1", Value: "p1-1", List: []string{"VIDEO"}, On: true},
		{Kind: SetOwnSubs, P: "p1", Subs: Subs{Mode: SubsWhole}},
		{Kind: Apply},
		{Kind: SetMembership, P: "p1"},
	})
}
