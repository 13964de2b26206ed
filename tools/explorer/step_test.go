package explorer

import (
	"fmt"
	"slices"
	"strings"
)

// Kind names what a step does.
type Kind string

// Configuration edits: they change the model; the next apply carries them out.
const (
	AddEnv            Kind = "add-env"            // Env, Value: session tag
	RemoveEnv         Kind = "remove-env"         // Env (its participants go with it)
	SetSessionTag     Kind = "session-tag"        // Env, Value (replaces the session)
	AddParticipant    Kind = "add-participant"    // P, Env, Value: tag, List: permissions, On: membership
	RemoveParticipant Kind = "remove-participant" // P
	SetTag            Kind = "participant-tag"    // P, Value (replaces the participant)
	SetPerms          Kind = "permissions"        // P, List (nil: omitted)
	SetOwnSubs        Kind = "own-subscriptions"  // P, Subs (clears the membership's subscriptions)
	SetMembership     Kind = "membership"         // P, On
	SetMemberSubs     Kind = "member-subscriptions"
	Move              Kind = "move"                  // P, Env: to another environment's session
	SetRenewBefore    Kind = "renew-before"          // P, Value ("" removes it)
	SetCBD            Kind = "create-before-destroy" // P, On
)

// Events outside Terraform: they act on the mock.
const (
	ExpireSession     Kind = "expire-session"     // Env: the session is removed at the mock
	DeleteParticipant Kind = "delete-participant" // P: deleted at the mock
	DeleteMembership  Kind = "delete-membership"  // P: removed from its session at the mock
	OldTokens         Kind = "old-tokens"         // Value: the mock's clock runs this far behind during the next apply
	InjectFault       Kind = "fault"              // Fault
	ConcurrentApply   Kind = "concurrent-apply"   // someone else applies the same configuration
	// Interrupt stops the next plain apply (an Apply step or the final apply) with one SIGINT to
	// the CLI, as a first Ctrl-C or a cancelled CI job does, once a create it sent has been
	// performed at the mock, whose answers to creates are held back meanwhile (see interrupt_test.go).
	Interrupt Kind = "interrupt"
)

// Terraform runs.
const (
	Apply     Kind = "apply"      // Replace: targets for -replace ("session.dev", "participant.p3")
	SavedPlan Kind = "saved-plan" // plan -out, then the Between events, then apply the saved plan
)

// FaultSpec is a transient fault queued at the mock for one operation.
type FaultSpec struct {
	Op            string
	Status        int
	Times         int  `json:",omitempty"`
	AfterHandling bool `json:",omitempty"` // the server acts, then answers with the error
}

// Step is one replayable action. Steps name environments and participants, never ids, so a
// list means the same thing against a fresh mock; a step whose target does not exist is a no-op.
type Step struct {
	Kind    Kind       `json:"kind"`
	Env     string     `json:"env,omitempty"`
	P       string     `json:"p,omitempty"`
	Value   string     `json:"value,omitempty"`
	List    []string   `json:"list,omitempty"`
	On      bool       `json:"on,omitempty"`
	Subs    Subs       `json:"subs,omitzero"`
	Fault   *FaultSpec `json:"fault,omitempty"`
	Replace []string   `json:"replace,omitempty"`
	Between []Step     `json:"between,omitempty"`
}

func (s Step) isEdit() bool {
	switch s.Kind {
	case AddEnv, RemoveEnv, SetSessionTag, AddParticipant, RemoveParticipant, SetTag, SetPerms,
		SetOwnSubs, SetMembership, SetMemberSubs, Move, SetRenewBefore, SetCBD:
		return true
	}
	return false
}

func (s Step) isRun() bool { return s.Kind == Apply || s.Kind == SavedPlan }

func permsString(perms []string) string {
	if perms == nil {
		return "omitted"
	}
	return "[" + strings.Join(perms, ",") + "]"
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

// String is one human-readable line.
func (s Step) String() string {
	switch s.Kind {
	case AddEnv:
		return fmt.Sprintf("edit: add environment %s (session tag %q)", s.Env, s.Value)
	case RemoveEnv:
		return fmt.Sprintf("edit: remove environment %s with its participants", s.Env)
	case SetSessionTag:
		return fmt.Sprintf("edit: session %s: tag = %q (replaces the session)", s.Env, s.Value)
	case AddParticipant:
		return fmt.Sprintf("edit: add participant %s to %s (tag %q, permissions %s, membership %s)", s.P, s.Env, s.Value, permsString(s.List), onOff(s.On))
	case RemoveParticipant:
		return fmt.Sprintf("edit: remove participant %s", s.P)
	case SetTag:
		return fmt.Sprintf("edit: participant %s: tag = %q (replaces it)", s.P, s.Value)
	case SetPerms:
		return fmt.Sprintf("edit: participant %s: publish_permissions = %s", s.P, permsString(s.List))
	case SetOwnSubs:
		return fmt.Sprintf("edit: participant %s: own subscriptions = %s", s.P, s.Subs)
	case SetMembership:
		return fmt.Sprintf("edit: participant %s: membership %s", s.P, onOff(s.On))
	case SetMemberSubs:
		return fmt.Sprintf("edit: participant %s: membership subscriptions = %s", s.P, s.Subs)
	case Move:
		return fmt.Sprintf("edit: move participant %s to environment %s", s.P, s.Env)
	case SetRenewBefore:
		if s.Value == "" {
			return fmt.Sprintf("edit: participant %s: remove renew_before", s.P)
		}
		return fmt.Sprintf("edit: participant %s: renew_before = %q", s.P, s.Value)
	case SetCBD:
		return fmt.Sprintf("edit: participant %s: create_before_destroy %s", s.P, onOff(s.On))
	case ExpireSession:
		return fmt.Sprintf("event: session %s expires (deleted at the mock)", s.Env)
	case DeleteParticipant:
		return fmt.Sprintf("event: participant %s deleted at the mock", s.P)
	case DeleteMembership:
		return fmt.Sprintf("event: participant %s removed from its session at the mock", s.P)
	case OldTokens:
		return fmt.Sprintf("event: the mock's clock runs %s behind for the next apply (its new tokens are that old)", s.Value)
	case InjectFault:
		f := s.Fault
		if f == nil {
			return "event: fault (none)"
		}
		when := ""
		if f.AfterHandling {
			when = " after handling"
		}
		return fmt.Sprintf("event: fault: %s answers %d%s, %d time(s)", f.Op, f.Status, when, max(f.Times, 1))
	case ConcurrentApply:
		return "event: someone else applies the same configuration"
	case Interrupt:
		return fmt.Sprintf("event: the next apply is stopped (one SIGINT) while its creates are in flight, the mock holding their answers for %s", interruptHold)
	case Apply:
		if len(s.Replace) == 0 {
			return "terraform apply"
		}
		var flags []string
		for _, target := range s.Replace {
			flags = append(flags, "-replace="+targetAddress(target))
		}
		return "terraform apply " + strings.Join(flags, " ")
	case SavedPlan:
		var between []string
		for _, b := range s.Between {
			between = append(between, strings.TrimPrefix(b.String(), "event: "))
		}
		return "terraform plan -out=saved.tfplan; then " + strings.Join(between, "; ") + "; then terraform apply saved.tfplan"
	}
	return string(s.Kind)
}

// FormatSteps is one numbered line per step.
func FormatSteps(steps []Step) string {
	var b strings.Builder
	for i, s := range steps {
		fmt.Fprintf(&b, "  %2d. %s\n", i+1, s)
	}
	return b.String()
}

// targetAddress turns a model target ("session.dev", "participant.p3") into a resource address.
func targetAddress(target string) string {
	kind, name, _ := strings.Cut(target, ".")
	switch kind {
	case "session":
		return "bandwidth_webrtc_session." + name
	case "participant":
		return "bandwidth_webrtc_participant." + name
	case "membership":
		return "bandwidth_webrtc_session_participant." + name
	}
	return target
}

// targetExists says whether a -replace target is in the configuration.
func (m *Model) targetExists(target string) bool {
	kind, name, _ := strings.Cut(target, ".")
	switch kind {
	case "session":
		return m.Envs[name] != nil
	case "participant":
		return m.Participants[name] != nil
	case "membership":
		p := m.Participants[name]
		return p != nil && p.Member
	}
	return false
}

// Edit applies an edit step to the model and reports whether it changed anything it could
// (false: the step does not fit this model, e.g. its participant is gone).
func (m *Model) Edit(s Step) bool {
	p := m.Participants[s.P]
	switch s.Kind {
	case AddEnv:
		if m.Envs[s.Env] != nil || s.Env == "" {
			return false
		}
		m.Envs[s.Env] = &Environment{Name: s.Env, SessionTag: s.Value}
	case RemoveEnv:
		if m.Envs[s.Env] == nil {
			return false
		}
		delete(m.Envs, s.Env)
	case SetSessionTag:
		if m.Envs[s.Env] == nil {
			return false
		}
		m.Envs[s.Env].SessionTag = s.Value
	case AddParticipant:
		if p != nil || m.Envs[s.Env] == nil || s.P == "" {
			return false
		}
		m.Participants[s.P] = &Participant{Name: s.P, Env: s.Env, Tag: s.Value, Perms: slices.Clone(s.List), Member: s.On}
	case RemoveParticipant:
		if p == nil {
			return false
		}
		delete(m.Participants, s.P)
	case Move:
		if p == nil || m.Envs[s.Env] == nil || p.Env == s.Env {
			return false
		}
		p.Env = s.Env
	default:
		if p == nil {
			return false
		}
		switch s.Kind {
		case SetTag:
			p.Tag = s.Value
		case SetPerms:
			p.Perms = slices.Clone(s.List)
		case SetOwnSubs:
			p.OwnSubs = Subs{Mode: s.Subs.Mode, Of: slices.Clone(s.Subs.Of)}
			if s.Subs.Mode != SubsNone {
				p.MemberSubs = Subs{}
			}
		case SetMembership:
			p.Member = s.On
		case SetMemberSubs:
			if !p.Member && s.Subs.Mode != SubsNone {
				return false
			}
			p.MemberSubs = Subs{Mode: s.Subs.Mode, Of: slices.Clone(s.Subs.Of)}
			if s.Subs.Mode != SubsNone {
				p.OwnSubs = Subs{}
			}
		case SetRenewBefore:
			p.RenewBefore = s.Value
		case SetCBD:
			p.CBD = s.On
		default:
			return false
		}
	}
	m.normalize()
	return true
}
