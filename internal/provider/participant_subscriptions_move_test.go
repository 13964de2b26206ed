package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func subscriptionsIn(sessionID types.String) types.Object {
	return types.ObjectValueMust(subscriptionsAttrTypes, map[string]attr.Value{
		"session_id":   sessionID,
		"participants": types.SetNull(types.ObjectType{AttrTypes: subscribedParticipantAttrTypes}),
	})
}

func TestSubscriptionsSessionChanged(t *testing.T) {
	const a, b = "75c21163-e110-41bc-bd76-1bb428ec85d5", "320e2af6-13ec-498d-8b51-daba52c37853"
	null := types.ObjectNull(subscriptionsAttrTypes)
	for _, tc := range []struct {
		name        string
		state, plan types.Object
		replace     bool
	}{
		{"same session", subscriptionsIn(types.StringValue(a)), subscriptionsIn(types.StringValue(a)), false},
		{"same session, other case", subscriptionsIn(types.StringValue(a)), subscriptionsIn(types.StringValue(strings.ToUpper(a))), false},
		{"another session", subscriptionsIn(types.StringValue(a)), subscriptionsIn(types.StringValue(b)), true},
		{"session replaced: id unknown", subscriptionsIn(types.StringValue(a)), subscriptionsIn(types.StringUnknown()), true},
		{"whole value unknown", subscriptionsIn(types.StringValue(a)), types.ObjectUnknown(subscriptionsAttrTypes), true},
		{"removed", subscriptionsIn(types.StringValue(a)), null, false},
		{"added", null, subscriptionsIn(types.StringValue(b)), false},
		{"added with an unknown session", null, subscriptionsIn(types.StringUnknown()), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var resp objectplanmodifier.RequiresReplaceIfFuncResponse
			subscriptionsSessionChanged(context.Background(), planmodifier.ObjectRequest{StateValue: tc.state, PlanValue: tc.plan}, &resp)
			if resp.RequiresReplace != tc.replace {
				t.Errorf("RequiresReplace = %v, want %v", resp.RequiresReplace, tc.replace)
			}
		})
	}
}
