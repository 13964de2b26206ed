package provider

import (
	"context"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

// subscriptionsModel is the `subscriptions` attribute shared by the participant and the
// session membership resources.
type subscriptionsModel struct {
	SessionID    types.String `tfsdk:"session_id"`
	Participants types.Set    `tfsdk:"participants"`
}

type subscribedParticipantModel struct {
	ParticipantID types.String `tfsdk:"participant_id"`
	StreamAliases types.Set    `tfsdk:"stream_aliases"`
}

var subscribedParticipantAttrTypes = map[string]attr.Type{
	"participant_id": types.StringType,
	"stream_aliases": types.SetType{ElemType: types.StringType},
}

var subscriptionsAttrTypes = map[string]attr.Type{
	"session_id":   types.StringType,
	"participants": types.SetType{ElemType: types.ObjectType{AttrTypes: subscribedParticipantAttrTypes}},
}

// subscriptionsFromObject converts the Terraform value to the API body; null gives nil.
func subscriptionsFromObject(ctx context.Context, obj types.Object) (*webrtc.Subscriptions, diag.Diagnostics) {
	if obj.IsNull() || obj.IsUnknown() {
		return nil, nil
	}
	var m subscriptionsModel
	diags := obj.As(ctx, &m, basetypes.ObjectAsOptions{})
	if diags.HasError() {
		return nil, diags
	}
	subs := &webrtc.Subscriptions{SessionID: m.SessionID.ValueString()}
	var participants []subscribedParticipantModel
	diags.Append(m.Participants.ElementsAs(ctx, &participants, false)...)
	for _, p := range participants {
		var aliases []string
		diags.Append(p.StreamAliases.ElementsAs(ctx, &aliases, false)...)
		sort.Strings(aliases)
		subs.Participants = append(subs.Participants, webrtc.ParticipantSubscription{
			ParticipantID: p.ParticipantID.ValueString(),
			StreamAliases: aliases,
		})
	}
	sort.Slice(subs.Participants, func(i, j int) bool {
		return subs.Participants[i].ParticipantID < subs.Participants[j].ParticipantID
	})
	return subs, diags
}

// subscriptionsToObject converts what the API holds for sessionID back to Terraform. Nothing
// subscribed is null, so an omitted attribute and an empty answer agree. Participant ids keep the
// spelling they have in prior, so a configuration that writes a UUID in capitals does not differ
// from the API's lowercase answer.
func subscriptionsToObject(subs *webrtc.Subscriptions, sessionID string, prior types.Object) (types.Object, diag.Diagnostics) {
	if subs.IsEmpty() {
		return types.ObjectNull(subscriptionsAttrTypes), nil
	}
	var diags diag.Diagnostics
	participants := types.SetNull(types.ObjectType{AttrTypes: subscribedParticipantAttrTypes})
	if len(subs.Participants) > 0 {
		before := subscribedParticipants(prior)
		elems := make([]attr.Value, 0, len(subs.Participants))
		for _, p := range subs.Participants {
			id, aliases := types.StringValue(p.ParticipantID), stringSetOrNull(p.StreamAliases)
			if b, ok := findSubscribed(before, p.ParticipantID); ok {
				id = b.ParticipantID
				if aliases.IsNull() { // not echoed by every server: see readSubscriptions
					aliases = b.StreamAliases
				}
			}
			obj, d := types.ObjectValue(subscribedParticipantAttrTypes, map[string]attr.Value{
				"participant_id": id,
				"stream_aliases": aliases,
			})
			diags.Append(d...)
			elems = append(elems, obj)
		}
		var d diag.Diagnostics
		participants, d = types.SetValue(types.ObjectType{AttrTypes: subscribedParticipantAttrTypes}, elems)
		diags.Append(d...)
	}
	if sessionID == "" {
		sessionID = subs.SessionID
	}
	obj, d := types.ObjectValue(subscriptionsAttrTypes, map[string]attr.Value{
		"session_id":   types.StringValue(sessionID),
		"participants": participants,
	})
	diags.Append(d...)
	return obj, diags
}

// decodeSubscriptions reads a subscriptions value into its model. Unknown parts of a planned
// value stay unknown in the model's fields; ok is false when the value is null or unknown.
// It takes the attributes as they are instead of calling obj.As: the framework's reflection
// compiles a regular expression for every field on every call (see BENCHMARKS.md), which made
// a refresh of a subscribed participant about 30 times as costly as these lookups.
func decodeSubscriptions(obj types.Object) (m subscriptionsModel, ok bool) {
	if obj.IsNull() || obj.IsUnknown() {
		return m, false
	}
	attrs := obj.Attributes() // a copy of the map, so taken once
	m.SessionID, _ = attrs["session_id"].(types.String)
	m.Participants, _ = attrs["participants"].(types.Set)
	return m, true
}

// decodeSubscribedParticipant reads one entry of participants, as decodeSubscriptions does.
func decodeSubscribedParticipant(elem attr.Value) (p subscribedParticipantModel, ok bool) {
	entry, isObject := elem.(types.Object)
	if !isObject || entry.IsNull() || entry.IsUnknown() {
		return p, false
	}
	attrs := entry.Attributes()
	p.ParticipantID, _ = attrs["participant_id"].(types.String)
	p.StreamAliases, _ = attrs["stream_aliases"].(types.Set)
	return p, true
}

// subscribedParticipants lists the known entries of a subscriptions value's participants.
func subscribedParticipants(obj types.Object) []subscribedParticipantModel {
	m, ok := decodeSubscriptions(obj)
	if !ok || m.Participants.IsNull() || m.Participants.IsUnknown() {
		return nil
	}
	var out []subscribedParticipantModel
	for _, elem := range m.Participants.Elements() {
		p, ok := decodeSubscribedParticipant(elem)
		if !ok || p.ParticipantID.IsNull() || p.ParticipantID.IsUnknown() || p.StreamAliases.IsUnknown() {
			continue
		}
		out = append(out, p)
	}
	return out
}

// findSubscribed finds the entry for participant id, compared as the API compares ids.
func findSubscribed(entries []subscribedParticipantModel, id string) (subscribedParticipantModel, bool) {
	for _, e := range entries {
		if sameID(e.ParticipantID.ValueString(), id) {
			return e, true
		}
	}
	return subscribedParticipantModel{}, false
}

// subscriptionsSessionID is the session_id of a subscriptions value, "" when null or unknown.
func subscriptionsSessionID(obj types.Object) string {
	m, _ := decodeSubscriptions(obj)
	return m.SessionID.ValueString()
}

// plannedSubscriptionsSessionID is subscriptionsSessionID for a planned value, which may be
// unknown as a whole or in its session_id; known is false then.
func plannedSubscriptionsSessionID(obj types.Object) (sessionID string, known bool) {
	if obj.IsUnknown() {
		return "", false
	}
	m, _ := decodeSubscriptions(obj)
	return m.SessionID.ValueString(), !m.SessionID.IsUnknown()
}

// sameID compares two API ids the way the API does: UUIDs are case-insensitive.
func sameID(a, b string) bool { return strings.EqualFold(a, b) }

// stringSetOrNull maps an empty API list to null, matching an omitted argument.
func stringSetOrNull(values []string) types.Set {
	if len(values) == 0 {
		return types.SetNull(types.StringType)
	}
	elems := make([]attr.Value, len(values))
	for i, v := range values {
		elems[i] = types.StringValue(v)
	}
	return types.SetValueMust(types.StringType, elems)
}

// stringOrNull maps the API's empty string to null, matching an omitted argument.
func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
