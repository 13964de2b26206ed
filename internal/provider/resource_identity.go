package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// idIdentitySchema is the identity of a resource known by its id alone.
func idIdentitySchema(description string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				Description:       description,
				RequiredForImport: true,
			},
		},
	}
}

// setIdentity records identity attributes. Terraform before 1.12 knows no identity; the
// framework then hands over none and there is nothing to record.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, attributes map[string]string) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	var diags diag.Diagnostics
	for name, value := range attributes {
		diags.Append(identity.SetAttribute(ctx, path.Root(name), value)...)
	}
	return diags
}
