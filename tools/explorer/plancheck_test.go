package explorer

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
)

// plannedChange is one resource change in a plan, summarised without values.
type plannedChange struct {
	address    string
	typ, name  string
	module     string
	index      any // for_each key, if any
	actions    tfjson.Actions
	attributes []string // top-level attributes that change or become unknown
}

func (c plannedChange) String() string {
	action := "update"
	switch {
	case c.actions.DestroyBeforeCreate():
		action = "replace (destroy then create)"
	case c.actions.CreateBeforeDestroy():
		action = "replace (create then destroy)"
	case c.actions.Create():
		action = "create"
	case c.actions.Delete():
		action = "destroy"
	case c.actions.Read():
		action = "read"
	}
	if len(c.attributes) > 0 && !c.actions.Create() && !c.actions.Delete() {
		return fmt.Sprintf("%s: %s (%s)", c.address, action, strings.Join(c.attributes, ", "))
	}
	return fmt.Sprintf("%s: %s", c.address, action)
}

// planChanges lists what a plan would do, leaving out no-ops.
func planChanges(plan *tfjson.Plan) (changes []plannedChange, outputs []string) {
	if plan == nil {
		return nil, nil
	}
	for _, rc := range plan.ResourceChanges {
		if rc.Change == nil || rc.Change.Actions.NoOp() {
			continue
		}
		changes = append(changes, plannedChange{
			address:    rc.Address,
			typ:        rc.Type,
			name:       rc.Name,
			module:     rc.ModuleAddress,
			index:      rc.Index,
			actions:    rc.Change.Actions,
			attributes: changedAttributes(rc.Change),
		})
	}
	for name, oc := range plan.OutputChanges {
		if oc != nil && !oc.Actions.NoOp() {
			outputs = append(outputs, name)
		}
	}
	sort.Strings(outputs)
	return changes, outputs
}

// changedAttributes names top-level attributes whose value differs or becomes unknown; values
// are never reported, so no token can leak into a test log.
func changedAttributes(c *tfjson.Change) []string {
	before, _ := c.Before.(map[string]any)
	after, _ := c.After.(map[string]any)
	unknown, _ := c.AfterUnknown.(map[string]any)
	var out []string
	seen := map[string]bool{}
	for _, m := range []map[string]any{before, after, unknown} {
		for k := range m {
			if seen[k] {
				continue
			}
			seen[k] = true
			if u, ok := unknown[k]; ok && u != false && !isEmptyUnknown(u) {
				out = append(out, k)
				continue
			}
			if !reflect.DeepEqual(before[k], after[k]) {
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

func isEmptyUnknown(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		for _, x := range v {
			if !isEmptyUnknown(x) {
				return false
			}
		}
		return true
	case []any:
		for _, x := range v {
			if !isEmptyUnknown(x) {
				return false
			}
		}
		return true
	case bool:
		return !v
	}
	return v == nil
}

func describePlan(changes []plannedChange, outputs []string) string {
	var lines []string
	for _, c := range changes {
		lines = append(lines, "  "+c.String())
	}
	if len(outputs) > 0 {
		lines = append(lines, "  outputs: "+strings.Join(outputs, ", "))
	}
	if len(lines) == 0 {
		lines = append(lines, "  (no resource or output changes listed; the CLI still reported changes)")
	}
	return strings.Join(lines, "\n")
}

// dueRenewals are the participants whose renew_before window had opened at now: the provider
// plans to replace them, as documented, so a plan doing exactly that is not drift. A window at
// least as long as the token's lifetime renews nothing (the provider warns instead).
func dueRenewals(s *snapshot, now time.Time) []string {
	var due []string
	for name, a := range s.participants {
		window, err := time.ParseDuration(a.str("renew_before"))
		if err != nil {
			continue
		}
		claims := parseToken(a.str("token"))
		if claims.exp.IsZero() || (!claims.iat.IsZero() && window >= claims.exp.Sub(claims.iat)) {
			continue
		}
		if !now.Before(claims.exp.Add(-window)) {
			due = append(due, name)
		}
	}
	slices.SortFunc(due, compareNames)
	return due
}

// explainedByRenewal says whether a plan only renews the due participants: each is replaced,
// nothing else is replaced, created or destroyed but their memberships and their token store
// secrets, and everything else only updates (subscriptions naming their new ids) or reads data.
func explainedByRenewal(changes []plannedChange, due []string) bool {
	if len(due) == 0 {
		return false
	}
	replaced := map[string]bool{}
	for _, c := range changes {
		switch {
		case c.actions.Update() || c.actions.Read():
		case c.actions.Replace() && c.module == "" && c.typ == "bandwidth_webrtc_participant" && slices.Contains(due, c.name):
			replaced[c.name] = true
		case c.actions.Replace() && c.module == "" && c.typ == "bandwidth_webrtc_session_participant" && slices.Contains(due, c.name):
		case c.actions.Replace() && moduleKey.MatchString(c.module) && c.typ == "terraform_data" && slices.Contains(due, fmt.Sprint(c.index)):
		default:
			return false
		}
	}
	for _, name := range due {
		if !replaced[name] {
			return false
		}
	}
	return true
}

// planSignature is the set of resource types a plan changes and how, e.g.
// "[bandwidth_webrtc_participant:update terraform_data:replace]".
func planSignature(changes []plannedChange) string {
	var parts []string
	for _, c := range changes {
		action := "update"
		switch {
		case c.actions.Replace():
			action = "replace"
		case c.actions.Create():
			action = "create"
		case c.actions.Delete():
			action = "delete"
		case c.actions.Read():
			continue
		}
		if part := c.typ + ":" + action; !slices.Contains(parts, part) {
			parts = append(parts, part)
		}
	}
	sort.Strings(parts)
	return "[" + strings.Join(parts, " ") + "]"
}
