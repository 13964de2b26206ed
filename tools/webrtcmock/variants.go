package webrtcmock

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Variant names one plausible alternative to the mock's default behaviour, for a point where
// Bandwidth's documentation is silent and the real API may do otherwise. The default behaviour is
// the mock's best reading of the documentation; each variant is a reading it does not rule out.
// Tests run the provider under every variant to prove it does not depend on the mock's guess.
type Variant string

// The variants. See variantDocs (and VariantHelp) for what each changes.
const (
	VariantSubscriptionsNeedMembership Variant = "subscriptions-need-membership"
	VariantSubscriptionsAddMembership  Variant = "subscriptions-add-membership"
	VariantSessionSubscriptionExpanded Variant = "session-subscription-expanded"
	VariantNoStreamAliasesEcho         Variant = "no-stream-aliases-echo"
	VariantReaddClearsSubscriptions    Variant = "readd-clears-subscriptions"
	VariantReaddConflict               Variant = "readd-conflict"
	VariantEmptyPermissions            Variant = "empty-permissions"
	VariantAbsentPermissions           Variant = "absent-permissions"
	VariantGeneratedTag                Variant = "generated-tag"
	VariantExtraFields                 Variant = "extra-fields"
)

var variantDocs = []struct {
	variant Variant
	doc     string
}{
	{VariantSubscriptionsNeedMembership, "updateParticipantSubscriptions answers 404 for a session the participant is not in " +
		"(default: stored without membership, as a Bandwidth C# SDK test expects)"},
	{VariantSubscriptionsAddMembership, "updateParticipantSubscriptions on a session the participant is not in adds it to that " +
		"session first, with addParticipantToSession's 409s (default: stored without membership)"},
	{VariantSessionSubscriptionExpanded, "a whole-session subscription ({sessionId} alone) is read back with participants " +
		"listing the session's other current members (default: read back as {sessionId})"},
	{VariantNoStreamAliasesEcho, "subscriptions are read back without streamAliases (default: echoed as sent)"},
	{VariantReaddClearsSubscriptions, "addParticipantToSession with no subscriptions for a participant already in the " +
		"session clears its subscriptions there (default: left alone)"},
	{VariantReaddConflict, "addParticipantToSession for a participant already in that session answers 409 " +
		"(default: succeeds again)"},
	{VariantEmptyPermissions, "an omitted publishPermissions is stored and read back as [] (default: [\"AUDIO\",\"VIDEO\"])"},
	{VariantAbsentPermissions, "an omitted publishPermissions is left out of every participant read back (default: [\"AUDIO\",\"VIDEO\"])"},
	{VariantGeneratedTag, "an omitted or empty tag of a participant or session is read back as a generated one such as " +
		"participant-1a2b3c4d (default: absent)"},
	{VariantExtraFields, "every JSON object in an API answer carries fields no spec defines, and sessions a participantIds " +
		"list (default: only the spec's fields)"},
}

// exclusiveVariants are pairs that describe contradictory servers.
var exclusiveVariants = [][2]Variant{
	{VariantSubscriptionsNeedMembership, VariantSubscriptionsAddMembership},
	{VariantEmptyPermissions, VariantAbsentPermissions},
	{VariantReaddClearsSubscriptions, VariantReaddConflict},
}

// AllVariants lists every variant, in documentation order.
func AllVariants() []Variant {
	out := make([]Variant, len(variantDocs))
	for i, d := range variantDocs {
		out[i] = d.variant
	}
	return out
}

// VariantHelp describes every variant, one per line, for -help texts.
func VariantHelp() string {
	var b strings.Builder
	for i, d := range variantDocs {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%s: %s", d.variant, d.doc)
	}
	return b.String()
}

// ParseVariants reads a comma-separated list of variant names ("" is none) and checks it with
// CheckVariants. Spaces around names are ignored.
func ParseVariants(list string) ([]Variant, error) {
	var out []Variant
	for _, name := range strings.Split(list, ",") {
		if name = strings.TrimSpace(name); name != "" {
			out = append(out, Variant(name))
		}
	}
	if err := CheckVariants(out); err != nil {
		return nil, err
	}
	return out, nil
}

// CheckVariants refuses unknown names and contradictory pairs.
func CheckVariants(variants []Variant) error {
	known := AllVariants()
	for _, v := range variants {
		if !slices.Contains(known, v) {
			return fmt.Errorf("unknown mock variant %q; known variants: %s", v, joinVariants(known))
		}
	}
	for _, pair := range exclusiveVariants {
		if slices.Contains(variants, pair[0]) && slices.Contains(variants, pair[1]) {
			return fmt.Errorf("mock variants %s and %s contradict each other; pick one", pair[0], pair[1])
		}
	}
	return nil
}

func joinVariants(vs []Variant) string {
	names := make([]string, len(vs))
	for i, v := range vs {
		names[i] = string(v)
	}
	return strings.Join(names, ", ")
}

// Variants returns the variants the mock runs with.
func (m *Mock) Variants() []Variant { return slices.Clone(m.opts.Variants) }

// HasVariant reports whether the mock runs with v.
func (m *Mock) HasVariant(v Variant) bool { return slices.Contains(m.opts.Variants, v) }

// renderSubscriptionsLocked is subs as the API reads it back for participant p.
func (m *Mock) renderSubscriptionsLocked(p *participantState, subs Subscriptions) Subscriptions {
	out := subs.clone()
	if m.HasVariant(VariantSessionSubscriptionExpanded) && out.SessionID != "" && len(out.Participants) == 0 {
		if s, ok := m.sessions[out.SessionID]; ok {
			for _, id := range s.members {
				if id != p.id {
					out.Participants = append(out.Participants, ParticipantSubscription{ParticipantID: id})
				}
			}
		}
	}
	if m.HasVariant(VariantNoStreamAliasesEcho) {
		for i := range out.Participants {
			out.Participants[i].StreamAliases = nil
		}
	}
	return out
}

// generatedTag is what the generated-tag variant answers for an omitted tag.
func generatedTag(kind, id string) string { return kind + "-" + id[:8] }

// addExtraFieldsLocked rewrites a JSON answer of an API operation for the extra-fields variant:
// every object gains fields no spec defines, and a session object its members' ids, as a 2022
// Bandwidth test expected.
func (m *Mock) addExtraFieldsLocked(c *call, resp response) response {
	if !m.HasVariant(VariantExtraFields) || resp.body == nil || c.op == OpOAuth2Token {
		return resp
	}
	var doc any
	if err := json.Unmarshal(resp.body, &doc); err != nil {
		return resp
	}
	addExtraFields(doc, m.now())
	if obj, ok := doc.(map[string]any); ok && resp.status == http.StatusOK &&
		(c.op == OpCreateSession || c.op == OpGetSession) {
		ids := []string{}
		if s, ok := m.sessions[c.params.sessionID]; ok {
			ids = append(ids, s.members...)
		}
		obj["participantIds"] = ids
	}
	body, err := json.Marshal(doc)
	if err != nil {
		panic(fmt.Sprintf("webrtcmock: marshal response: %v", err))
	}
	resp.body = body
	return resp
}

func addExtraFields(v any, now time.Time) {
	switch v := v.(type) {
	case map[string]any:
		for _, child := range v {
			addExtraFields(child, now)
		}
		v["createdTime"] = now.UTC().Format(time.RFC3339)
		v["extensions"] = map[string]any{"variant": string(VariantExtraFields), "values": []any{1, "two", nil, true}}
	case []any:
		for _, child := range v {
			addExtraFields(child, now)
		}
	}
}
