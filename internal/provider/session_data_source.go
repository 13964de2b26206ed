package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/validate"
)

var (
	_ datasource.DataSource              = (*sessionDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*sessionDataSource)(nil)
)

type sessionDataSource struct {
	configuredDataSource
}

// NewSessionDataSource is the bandwidth_webrtc_session data source constructor.
func NewSessionDataSource() datasource.DataSource {
	return &sessionDataSource{}
}

func (d *sessionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webrtc_session"
}

func (d *sessionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a Bandwidth WebRTC session by id, for example one created by another configuration. " +
			"Bandwidth removes sessions about 9 hours after they are created; reading one that is gone is an error.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The session id (a UUID). A session that does not exist is an error.",
				Required:            true,
				Validators:          []validator.String{validate.UUID()},
			},
			"tag": schema.StringAttribute{
				MarkdownDescription: "The session's label, if any.",
				Computed:            true,
			},
		},
	}
}

func (d *sessionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config sessionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	client := d.data.requireClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := config.ID.ValueString()
	session, err := client.GetSession(ctx, id)
	if err != nil {
		addLookupError(&resp.Diagnostics, path.Root("id"), "session", id, err)
		return
	}
	config.setFromAPI(session, false)
	resp.Diagnostics.Append(resp.State.Set(ctx, &config)...)
}
