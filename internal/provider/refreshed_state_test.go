package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

func participantState(t *testing.T, m participantModel) tfsdk.State {
	t.Helper()
	state := benchParticipantSchema(t)
	if diags := state.Set(context.Background(), &m); diags.HasError() {
		t.Fatal(diags)
	}
	return state
}

func stateSetOrder(t *testing.T, state tfsdk.State, name string) []string {
	t.Helper()
	var set types.Set
	if diags := state.GetAttribute(context.Background(), path.Root(name), &set); diags.HasError() {
		t.Fatal(diags)
	}
	var out []string
	for _, e := range set.Elements() {
		out = append(out, e.(types.String).ValueString())
	}
	return out
}

func TestSetRefreshedWritesOnlyWhatChanged(t *testing.T) {
	ctx := context.Background()
	var prior participantModel
	prior.setFromAPI(&webrtc.Participant{ID: testPeerA, Sessions: []string{testSessionID}, DeviceAPIVersion: "V3"})
	prior.PublishPermissions = types.SetValueMust(types.StringType, []attr.Value{types.StringValue("VIDEO"), types.StringValue("AUDIO")})
	prior.Tag = types.StringValue("before")
	prior.Subscriptions = types.ObjectNull(subscriptionsAttrTypes)
	prior.Token = types.StringValue("kept-token")
	prior.TokenExpiresAt = types.StringNull()
	prior.TokenExpired = types.BoolNull()
	prior.RenewBefore = types.StringNull()
	prior.Timeouts = nullTimeouts
	state := participantState(t, prior)

	diags := setRefreshed(ctx, &state, map[string]attr.Value{
		"tag":                 types.StringValue("after"),
		"publish_permissions": types.SetValueMust(types.StringType, []attr.Value{types.StringValue("AUDIO"), types.StringValue("VIDEO")}),
		"token_expired":       types.BoolValue(true),
	})
	if diags.HasError() {
		t.Fatal(diags)
	}

	var got participantModel
	if diags := state.Get(ctx, &got); diags.HasError() {
		t.Fatal(diags)
	}
	if got.Tag.ValueString() != "after" || !got.TokenExpired.ValueBool() {
		t.Errorf("changed attributes not written: tag %s, token_expired %s", got.Tag, got.TokenExpired)
	}
	if !got.Token.Equal(prior.Token) || !got.ID.Equal(prior.ID) {
		t.Errorf("attributes not given changed: token kept %t, id %s (want %s)", got.Token.Equal(prior.Token), got.ID, prior.ID)
	}
	// An equal set is left as it was, its elements in their old order: it was not rewritten.
	if order := stateSetOrder(t, state, "publish_permissions"); len(order) != 2 || order[0] != "VIDEO" {
		t.Errorf("publish_permissions was rewritten though equal: %v", order)
	}
}
