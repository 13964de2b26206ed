package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// defaultCreateTimeout bounds a create, its retries included. Once sent, a create waits for its
// answer until then, not just request_timeout, and a stopped run does not cut it: the API hands
// out the id and token only in that answer and cannot list what it created.
const defaultCreateTimeout = 10 * time.Minute

func createTimeoutBlock(ctx context.Context, kind string) schema.Block {
	return timeouts.Block(ctx, timeouts.Opts{
		Create: true,
		CreateDescription: "How long creating the " + kind + " may take, retries included (a Go duration such as `90s` or `15m`; " +
			"default `10m`). A create request that was sent waits for its answer until then, beyond `request_timeout`, and even " +
			"after Terraform is interrupted, because the API returns the new " + kind + "'s id only in that answer. A shorter " +
			"limit fails sooner on a slow API, at the risk of a " + kind + " that exists but is not in state.",
	})
}

// nullTimeouts is the timeouts block left out of the configuration.
var nullTimeouts = timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType})}

// withCreateTimeout bounds ctx by the create timeout of the planned timeouts block.
func withCreateTimeout(ctx context.Context, planned timeouts.Value, diags *diag.Diagnostics) (context.Context, context.CancelFunc) {
	limit, d := planned.Create(ctx, defaultCreateTimeout)
	diags.Append(d...)
	return context.WithTimeout(ctx, limit)
}
