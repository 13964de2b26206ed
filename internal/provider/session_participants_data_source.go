package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/validate"
)

var (
	_ datasource.DataSource              = (*sessionParticipantsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*sessionParticipantsDataSource)(nil)
)

type sessionParticipantsDataSource struct {
	configuredDataSource
}

// NewSessionParticipantsDataSource is the bandwidth_webrtc_session_participants data source constructor.
func NewSessionParticipantsDataSource() datasource.DataSource {
	return &sessionParticipantsDataSource{}
}

type sessionParticipantsModel struct {
	SessionID    types.String           `tfsdk:"session_id"`
	Participants []participantDataModel `tfsdk:"participants"`
}

func (d *sessionParticipantsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webrtc_session_participants"
}

func (d *sessionParticipantsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the participants in a Bandwidth WebRTC session, with what each receives there. " +
			"Bandwidth removes sessions about 9 hours after they are created; reading one that is gone is an error.",
		Attributes: map[string]schema.Attribute{
			"session_id": schema.StringAttribute{
				MarkdownDescription: "The session id (a UUID). A session that does not exist is an error.",
				Required:            true,
				Validators:          []validator.String{validate.UUID()},
			},
			"participants": schema.ListNestedAttribute{
				MarkdownDescription: "The session's participants in the order the API lists them (the order they joined); " +
					"empty when nobody is in the session. Their tokens are not available.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: participantDataAttributes(schema.StringAttribute{
						MarkdownDescription: "The participant id.",
						Computed:            true,
					}),
				},
			},
		},
	}
}

func (d *sessionParticipantsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config sessionParticipantsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	client := d.data.requireClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	sessionID := config.SessionID.ValueString()
	members, err := client.ListSessionParticipants(ctx, sessionID)
	if err != nil {
		addLookupError(&resp.Diagnostics, path.Root("session_id"), "session", sessionID, err)
		return
	}
	// A participant is in one session at most, so the subscriptions it carries are this session's.
	config.Participants = make([]participantDataModel, 0, len(members))
	for i := range members {
		p, diags := participantDataFromAPI(&members[i])
		resp.Diagnostics.Append(diags...)
		config.Participants = append(config.Participants, p)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &config)...)
}
