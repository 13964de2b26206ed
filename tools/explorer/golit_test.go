package explorer

import (
	"fmt"
	"strings"
)

// GoString renders a step as a Go composite literal, for pasting into a regression test.
func (s Step) GoString() string {
	var fields []string
	add := func(format string, args ...any) { fields = append(fields, fmt.Sprintf(format, args...)) }
	add("Kind: %s", kindConst[s.Kind])
	if s.Env != "" {
		add("Env: %q", s.Env)
	}
	if s.P != "" {
		add("P: %q", s.P)
	}
	if s.Value != "" {
		add("Value: %q", s.Value)
	}
	if s.List != nil {
		add("List: %s", stringsLiteral(s.List))
	}
	if s.On {
		add("On: true")
	}
	if s.Subs.Mode != SubsNone {
		mode := map[SubsMode]string{SubsWhole: "SubsWhole", SubsSome: "SubsSome"}[s.Subs.Mode]
		if len(s.Subs.Of) > 0 {
			add("Subs: Subs{Mode: %s, Of: %s}", mode, stringsLiteral(s.Subs.Of))
		} else {
			add("Subs: Subs{Mode: %s}", mode)
		}
	}
	if f := s.Fault; f != nil {
		spec := fmt.Sprintf("Op: %q, Status: %d", f.Op, f.Status)
		if f.Times != 0 {
			spec += fmt.Sprintf(", Times: %d", f.Times)
		}
		if f.AfterHandling {
			spec += ", AfterHandling: true"
		}
		add("Fault: &FaultSpec{%s}", spec)
	}
	if len(s.Replace) > 0 {
		add("Replace: %s", stringsLiteral(s.Replace))
	}
	if len(s.Between) > 0 {
		var between []string
		for _, b := range s.Between {
			between = append(between, b.GoString())
		}
		add("Between: []Step{%s}", strings.Join(between, ", "))
	}
	return "{" + strings.Join(fields, ", ") + "}"
}

// GoSteps is a step list as Go source.
func GoSteps(steps []Step) string {
	var b strings.Builder
	b.WriteString("[]Step{\n")
	for _, s := range steps {
		fmt.Fprintf(&b, "\t%s,\n", s.GoString())
	}
	b.WriteString("}")
	return b.String()
}

func stringsLiteral(values []string) string {
	if values == nil {
		return "nil"
	}
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	return "[]string{" + strings.Join(quoted, ", ") + "}"
}

var kindConst = map[Kind]string{
	AddEnv: "AddEnv", RemoveEnv: "RemoveEnv", SetSessionTag: "SetSessionTag", AddParticipant: "AddParticipant",
	RemoveParticipant: "RemoveParticipant", SetTag: "SetTag", SetPerms: "SetPerms", SetOwnSubs: "SetOwnSubs",
	SetMembership: "SetMembership", SetMemberSubs: "SetMemberSubs", Move: "Move", SetRenewBefore: "SetRenewBefore",
	SetCBD: "SetCBD", ExpireSession: "ExpireSession", DeleteParticipant: "DeleteParticipant",
	DeleteMembership: "DeleteMembership", OldTokens: "OldTokens", InjectFault: "InjectFault",
	ConcurrentApply: "ConcurrentApply", Interrupt: "Interrupt", Apply: "Apply", SavedPlan: "SavedPlan",
}
