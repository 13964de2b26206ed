package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/validate"
	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

// importByID imports an object by its UUID, given as the import id or as its identity. It reports
// false when the id is not a UUID, with an error that says so.
func importByID(ctx context.Context, kind string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) bool {
	if req.ID != "" {
		if err := validate.CheckUUID(req.ID); err != nil {
			resp.Diagnostics.AddError("Invalid "+kind+" id", "The import id "+err.Error()+".")
			return false
		}
	}
	resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
	return !resp.Diagnostics.HasError()
}

// deleteByID deletes the object whose id state holds with del; one that is already gone counts as
// deleted. It reads the id alone: the rest of the state, timeouts included, plays no part. A
// delete cut by a stopped run either happened, and the next refresh finds the object gone, or did
// not, and the next apply deletes it.
func deleteByID(ctx context.Context, state tfsdk.State, del func(context.Context, string) error, kind string, diags *diag.Diagnostics) {
	var id types.String
	diags.Append(state.GetAttribute(ctx, path.Root("id"), &id)...)
	if diags.HasError() {
		return
	}
	if err := del(ctx, id.ValueString()); err != nil && !webrtc.IsNotFound(err) {
		addAPIError(diags, "delete "+kind+" "+id.ValueString(), err)
	}
}
