package explorer

import (
	"maps"
	"slices"
	"strconv"
	"strings"
)

// SubsMode says what a `subscriptions` attribute holds.
type SubsMode int

const (
	SubsNone  SubsMode = iota // attribute omitted
	SubsWhole                 // the whole session of the participant's environment
	SubsSome                  // specific participants of that session
)

// Subs is a `subscriptions` value in the model: participants are named, not identified.
type Subs struct {
	Mode SubsMode `json:"mode,omitempty"`
	Of   []string `json:"of,omitempty"` // participant names, for SubsSome
}

func (s Subs) String() string {
	switch s.Mode {
	case SubsWhole:
		return "whole session"
	case SubsSome:
		return "participants " + strings.Join(s.Of, ",")
	default:
		return "none"
	}
}

// Environment is one environment: its session and (through Participant.Env) its participants.
type Environment struct {
	Name       string
	SessionTag string
}

// Participant is one bandwidth_webrtc_participant, with its optional membership
// (bandwidth_webrtc_session_participant) in its environment's session.
type Participant struct {
	Name        string
	Env         string
	Tag         string
	Perms       []string // nil: publish_permissions omitted
	Member      bool     // has a bandwidth_webrtc_session_participant
	OwnSubs     Subs     // subscriptions on the participant
	MemberSubs  Subs     // subscriptions on the membership (only one of the two styles at a time)
	RenewBefore string   // "" when omitted
	CBD         bool     // lifecycle { create_before_destroy = true }
}

// Model is the desired configuration.
type Model struct {
	Envs         map[string]*Environment
	Participants map[string]*Participant
}

// NewModel is an empty configuration.
func NewModel() *Model {
	return &Model{Envs: map[string]*Environment{}, Participants: map[string]*Participant{}}
}

// Clone is a deep copy.
func (m *Model) Clone() *Model {
	c := NewModel()
	for name, e := range m.Envs {
		ce := *e
		c.Envs[name] = &ce
	}
	for name, p := range m.Participants {
		cp := *p
		cp.Perms = slices.Clone(p.Perms)
		cp.OwnSubs.Of = slices.Clone(p.OwnSubs.Of)
		cp.MemberSubs.Of = slices.Clone(p.MemberSubs.Of)
		c.Participants[name] = &cp
	}
	return c
}

// EnvNames are the environments, sorted.
func (m *Model) EnvNames() []string { return slices.Sorted(maps.Keys(m.Envs)) }

// ParticipantNames are the participants in numeric order (p1, p2, ..., p10).
func (m *Model) ParticipantNames() []string {
	names := slices.Collect(maps.Keys(m.Participants))
	slices.SortFunc(names, compareNames)
	return names
}

// ParticipantsIn lists an environment's participants in numeric order.
func (m *Model) ParticipantsIn(env string) []*Participant {
	var out []*Participant
	for _, name := range m.ParticipantNames() {
		if p := m.Participants[name]; p.Env == env {
			out = append(out, p)
		}
	}
	return out
}

// nameNumber is the number in a participant name ("p12" -> 12).
func nameNumber(name string) int {
	n, err := strconv.Atoi(strings.TrimLeft(name, "abcdefghijklmnopqrstuvwxyz"))
	if err != nil {
		return 0
	}
	return n
}

func compareNames(a, b string) int {
	if d := nameNumber(a) - nameNumber(b); d != 0 {
		return d
	}
	return strings.Compare(a, b)
}

// normalize restores the model's rules after an edit: participants of a removed environment go,
// subscriptions name only existing participants (a participant's own subscriptions only lower
// numbered ones, so that participants never reference each other in a cycle), an emptied list
// becomes the whole session, and membership subscriptions need a membership.
func (m *Model) normalize() {
	for name, p := range m.Participants {
		if _, ok := m.Envs[p.Env]; !ok {
			delete(m.Participants, name)
		}
	}
	for _, p := range m.Participants {
		p.OwnSubs = m.cleanSubs(p.Name, p.OwnSubs, true)
		p.MemberSubs = m.cleanSubs(p.Name, p.MemberSubs, false)
		if !p.Member {
			p.MemberSubs = Subs{}
		}
		if p.OwnSubs.Mode != SubsNone && p.MemberSubs.Mode != SubsNone {
			p.MemberSubs = Subs{}
		}
	}
}

func (m *Model) cleanSubs(self string, s Subs, lowerOnly bool) Subs {
	if s.Mode != SubsSome {
		return Subs{Mode: s.Mode}
	}
	var of []string
	for _, name := range s.Of {
		if _, ok := m.Participants[name]; !ok || name == self || slices.Contains(of, name) {
			continue
		}
		if lowerOnly && compareNames(name, self) >= 0 {
			continue
		}
		of = append(of, name)
	}
	slices.SortFunc(of, compareNames)
	if len(of) == 0 {
		return Subs{Mode: SubsWhole}
	}
	return Subs{Mode: SubsSome, Of: of}
}
