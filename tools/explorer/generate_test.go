package explorer

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// Vocabulary of the generator.
var (
	envNames     = []string{"dev", "staging", "prod"}
	permChoices  = [][]string{nil, {"AUDIO"}, {"VIDEO"}, {"AUDIO", "VIDEO"}}
	renewWindows = []string{"", "30m", "8h", "10h", "24h"} // the mock's tokens live 9h
	clockSkews   = []string{"8h45m", "10h", "5h"}          // tokens issued 15m before expiry, expired, 4h left
	faultOps     = []string{
		webrtcmock.OpCreateParticipant, webrtcmock.OpCreateSession, webrtcmock.OpGetParticipant,
		webrtcmock.OpGetSession, webrtcmock.OpDeleteParticipant, webrtcmock.OpDeleteSession,
		webrtcmock.OpListSessionParticipants, webrtcmock.OpAddParticipantToSession,
		webrtcmock.OpRemoveParticipantFromSession, webrtcmock.OpGetParticipantSubscriptions,
		webrtcmock.OpUpdateParticipantSubscriptions, webrtcmock.OpOAuth2Token,
	}
	// Operations that are safe to repeat, where a fault after the server acted must be harmless.
	idempotentOps = []string{
		webrtcmock.OpDeleteParticipant, webrtcmock.OpDeleteSession, webrtcmock.OpAddParticipantToSession,
		webrtcmock.OpRemoveParticipantFromSession, webrtcmock.OpUpdateParticipantSubscriptions,
	}
)

const maxParticipants = 8

// generator draws steps from a seeded PRNG, tracking the model so that every edit it draws
// fits the configuration at that point.
type generator struct {
	rng     *rand.Rand
	model   *Model
	next    int            // next participant number
	version map[string]int // tag versions by environment or participant
	steps   []Step
}

// Generate draws n steps (at least) for a seed. The same seed always gives the same list.
func Generate(seed uint64, n int) []Step {
	g := &generator{
		rng:     rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		model:   NewModel(),
		next:    1,
		version: map[string]int{},
	}
	g.bootstrap()
	for len(g.steps) < n {
		g.round()
	}
	return g.steps
}

func (g *generator) emit(s Step) {
	if s.isEdit() {
		g.model.Edit(s)
	}
	g.steps = append(g.steps, s)
}

func (g *generator) chance(p float64) bool { return g.rng.Float64() < p }

func pick[T any](g *generator, from []T) T { return from[g.rng.IntN(len(from))] }

func (g *generator) tag(name string) string {
	g.version[name]++
	return fmt.Sprintf("%s-%d", name, g.version[name])
}

// bootstrap: one to three environments with a few participants, then the first apply.
func (g *generator) bootstrap() {
	for _, env := range envNames[:1+g.rng.IntN(len(envNames))] {
		g.addEnv(env)
	}
	for _, name := range g.model.ParticipantNames() {
		g.decorate(name)
	}
	g.emit(Step{Kind: Apply})
}

func (g *generator) addEnv(env string) {
	g.emit(Step{Kind: AddEnv, Env: env, Value: g.tag(env)})
	for range 1 + g.rng.IntN(3) {
		if len(g.model.Participants) < maxParticipants {
			g.addParticipant(env)
		}
	}
}

func (g *generator) addParticipant(env string) string {
	name := fmt.Sprintf("p%d", g.next)
	g.next++
	g.emit(Step{Kind: AddParticipant, P: name, Env: env, Value: g.tag(name), List: pick(g, permChoices), On: g.chance(0.6)})
	return name
}

// decorate gives a new participant some of the optional arguments.
func (g *generator) decorate(name string) {
	if g.chance(0.35) {
		g.emit(Step{Kind: SetOwnSubs, P: name, Subs: g.subs(name, true)})
	} else if g.model.Participants[name].Member && g.chance(0.5) {
		g.emit(Step{Kind: SetMemberSubs, P: name, Subs: g.subs(name, false)})
	}
	if g.chance(0.25) {
		g.emit(Step{Kind: SetRenewBefore, P: name, Value: pick(g, renewWindows[1:])})
	}
	if g.chance(0.25) {
		g.emit(Step{Kind: SetCBD, P: name, On: true})
	}
}

// subs draws a subscriptions value: mostly the whole session, sometimes specific participants
// of the same environment (for a participant's own subscriptions, only lower-numbered ones).
func (g *generator) subs(self string, own bool) Subs {
	if g.chance(0.5) {
		return Subs{Mode: SubsWhole}
	}
	var candidates []string
	for _, p := range g.model.ParticipantsIn(g.model.Participants[self].Env) {
		if p.Name != self && (!own || compareNames(p.Name, self) < 0) {
			candidates = append(candidates, p.Name)
		}
	}
	if len(candidates) == 0 {
		return Subs{Mode: SubsWhole}
	}
	g.rng.Shuffle(len(candidates), func(i, j int) { candidates[i], candidates[j] = candidates[j], candidates[i] })
	of := candidates[:1+g.rng.IntN(min(2, len(candidates)))]
	slices.SortFunc(of, compareNames)
	return Subs{Mode: SubsSome, Of: slices.Clone(of)}
}

// interruptChance is how often a round is an interrupted apply: a few in `go test`'s small run
// (4 seeds of 40 steps), a score or more in `make soak`.
const interruptChance = 0.12

// round: one or two edits or events, then a Terraform run; or, now and then, an interrupted apply.
func (g *generator) round() {
	if g.chance(interruptChance) {
		g.interruptRound()
		return
	}
	for range 1 + g.rng.IntN(2) {
		g.action()
	}
	switch x := g.rng.IntN(10); {
	case x < 6:
		g.emit(Step{Kind: Apply})
	case x < 8:
		g.emit(Step{Kind: Apply, Replace: []string{g.replaceTarget()}})
	default:
		g.emit(Step{Kind: SavedPlan, Between: []Step{g.betweenEvent()}})
	}
}

// interruptRound: an edit that makes the next apply create something (a new participant, a
// replaced participant or session), maybe one more edit or event, then an apply that a SIGINT
// stops while its creates are in flight.
func (g *generator) interruptRound() {
	m := g.model
	envs, names := m.EnvNames(), m.ParticipantNames()
	switch {
	case len(envs) > 0 && len(m.Participants) < maxParticipants && g.chance(0.5):
		g.decorate(g.addParticipant(pick(g, envs)))
	case len(names) > 0 && g.chance(0.7):
		name := pick(g, names)
		g.emit(Step{Kind: SetTag, P: name, Value: g.tag(name)})
	case len(envs) > 0:
		env := pick(g, envs)
		g.emit(Step{Kind: SetSessionTag, Env: env, Value: g.tag(env)})
	}
	if g.chance(0.5) {
		g.action()
	}
	g.emit(Step{Kind: Interrupt})
	g.emit(Step{Kind: Apply})
}

func (g *generator) replaceTarget() string {
	if names := g.model.ParticipantNames(); len(names) > 0 && g.chance(0.5) {
		return "participant." + pick(g, names)
	}
	if envs := g.model.EnvNames(); len(envs) > 0 {
		return "session." + pick(g, envs)
	}
	return "session.dev"
}

// betweenEvent is what happens between a saved plan and its apply.
func (g *generator) betweenEvent() Step {
	for {
		switch g.rng.IntN(6) {
		case 0:
			return Step{Kind: ConcurrentApply}
		case 1:
			return Step{Kind: OldTokens, Value: pick(g, clockSkews)}
		default:
			if s, ok := g.event(); ok {
				return s
			}
		}
	}
}

// action emits one edit or event that fits the model; it retries until one does.
func (g *generator) action() {
	for range 100 {
		if g.chance(0.35) {
			if s, ok := g.event(); ok {
				g.emit(s)
				return
			}
			continue
		}
		if g.edit() {
			return
		}
	}
}

func (g *generator) event() (Step, bool) {
	envs, names := g.model.EnvNames(), g.model.ParticipantNames()
	switch g.rng.IntN(9) {
	case 0, 1:
		if len(envs) > 0 {
			return Step{Kind: ExpireSession, Env: pick(g, envs)}, true
		}
	case 2:
		if len(names) > 0 {
			return Step{Kind: DeleteParticipant, P: pick(g, names)}, true
		}
	case 3:
		var members []string
		for _, n := range names {
			if g.model.Participants[n].Member {
				members = append(members, n)
			}
		}
		if len(members) > 0 {
			return Step{Kind: DeleteMembership, P: pick(g, members)}, true
		}
	case 4, 5:
		return Step{Kind: OldTokens, Value: pick(g, clockSkews)}, true
	default:
		return Step{Kind: InjectFault, Fault: g.fault()}, true
	}
	return Step{}, false
}

func (g *generator) fault() *FaultSpec {
	f := &FaultSpec{Op: pick(g, faultOps), Status: pick(g, []int{500, 503}), Times: 1 + g.rng.IntN(2)}
	if slices.Contains(idempotentOps, f.Op) && g.chance(0.3) {
		f.AfterHandling = true
	}
	return f
}

// edit emits one configuration edit, or reports that the one drawn does not fit.
func (g *generator) edit() bool {
	m := g.model
	envs, names := m.EnvNames(), m.ParticipantNames()
	var p *Participant
	if len(names) > 0 {
		p = m.Participants[pick(g, names)]
	}
	switch g.rng.IntN(16) {
	case 0, 1:
		if len(envs) == 0 {
			return false
		}
		env := pick(g, envs)
		g.emit(Step{Kind: SetSessionTag, Env: env, Value: g.tag(env)})
	case 2:
		if p == nil {
			return false
		}
		g.emit(Step{Kind: SetTag, P: p.Name, Value: g.tag(p.Name)})
	case 3:
		if p == nil {
			return false
		}
		g.emit(Step{Kind: SetPerms, P: p.Name, List: pick(g, permChoices)})
	case 4, 5:
		if p == nil {
			return false
		}
		s := g.subs(p.Name, true)
		if g.chance(0.25) {
			s = Subs{}
		}
		g.emit(Step{Kind: SetOwnSubs, P: p.Name, Subs: s})
	case 6:
		if p == nil || !p.Member {
			return false
		}
		s := g.subs(p.Name, false)
		if g.chance(0.25) {
			s = Subs{}
		}
		g.emit(Step{Kind: SetMemberSubs, P: p.Name, Subs: s})
	case 7, 8:
		if p == nil {
			return false
		}
		g.emit(Step{Kind: SetMembership, P: p.Name, On: !p.Member})
	case 9:
		if p == nil || len(envs) < 2 {
			return false
		}
		var others []string
		for _, e := range envs {
			if e != p.Env {
				others = append(others, e)
			}
		}
		g.emit(Step{Kind: Move, P: p.Name, Env: pick(g, others)})
	case 10:
		var missing []string
		for _, e := range envNames {
			if m.Envs[e] == nil {
				missing = append(missing, e)
			}
		}
		if len(missing) == 0 || len(m.Participants) >= maxParticipants {
			return false
		}
		g.addEnv(pick(g, missing))
	case 11:
		if len(envs) < 2 {
			return false
		}
		g.emit(Step{Kind: RemoveEnv, Env: pick(g, envs)})
	case 12:
		if len(envs) == 0 || len(m.Participants) >= maxParticipants {
			return false
		}
		name := g.addParticipant(pick(g, envs))
		g.decorate(name)
	case 13:
		if p == nil || len(names) < 2 {
			return false
		}
		g.emit(Step{Kind: RemoveParticipant, P: p.Name})
	case 14:
		if p == nil {
			return false
		}
		g.emit(Step{Kind: SetRenewBefore, P: p.Name, Value: pick(g, renewWindows)})
	case 15:
		if p == nil {
			return false
		}
		g.emit(Step{Kind: SetCBD, P: p.Name, On: !p.CBD})
	}
	return true
}
