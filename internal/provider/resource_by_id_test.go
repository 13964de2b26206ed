package provider

import (
	"context"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

// deleteByID deletes the id the state holds, takes "already gone" as done, and names the object
// and the API's answer when the delete fails.
func TestDeleteByID(t *testing.T) {
	const id = "3f1c9d52-8a4e-4b7a-9c1d-2e5f6a7b8c9d"
	ctx := context.Background()
	var schemaResp resource.SchemaResponse
	NewSessionResource().Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	stateType := schemaResp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	values := map[string]tftypes.Value{}
	for name, typ := range stateType.AttributeTypes {
		values[name] = tftypes.NewValue(typ, nil)
	}
	values["id"] = tftypes.NewValue(tftypes.String, id)
	state := tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(stateType, values)}

	for _, tc := range []struct {
		name    string
		answer  error
		wantErr []string
	}{
		{name: "deleted", answer: nil},
		{name: "already gone", answer: &webrtc.Error{StatusCode: http.StatusNotFound, Message: "not found"}},
		{name: "refused", answer: &webrtc.Error{StatusCode: http.StatusForbidden, Message: "no access to this account"},
			wantErr: []string{"Cannot delete session " + id, "403 Forbidden: no access to this account"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var asked []string
			var diags diag.Diagnostics
			deleteByID(ctx, state, func(_ context.Context, got string) error {
				asked = append(asked, got)
				return tc.answer
			}, "session", &diags)
			if len(asked) != 1 || asked[0] != id {
				t.Fatalf("deleted %q, want exactly %q", asked, id)
			}
			if len(tc.wantErr) == 0 {
				if diags.HasError() {
					t.Fatalf("unexpected diagnostics: %v", diags)
				}
				return
			}
			requireOneErrorSaying(t, diags, tc.wantErr...)
		})
	}
}
