package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/validate"
	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

var (
	_ datasource.DataSource              = (*participantDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*participantDataSource)(nil)
)

type participantDataSource struct {
	configuredDataSource
}

// NewParticipantDataSource is the bandwidth_webrtc_participant data source constructor.
func NewParticipantDataSource() datasource.DataSource {
	return &participantDataSource{}
}

func (d *participantDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webrtc_participant"
}

func (d *participantDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a Bandwidth WebRTC participant by id, for example one created by another configuration. " +
			"The participant's token is not available: Bandwidth returns it only to whoever creates the participant.",
		Attributes: participantDataAttributes(schema.StringAttribute{
			MarkdownDescription: "The participant id (a UUID). A participant that does not exist is an error.",
			Required:            true,
			Validators:          []validator.String{validate.UUID()},
		}),
	}
}

// participantDataAttributes is the schema of participantDataModel, shared by the participant
// data source and the participants listed by bandwidth_webrtc_session_participants.
func participantDataAttributes(id schema.StringAttribute) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id": id,
		"callback_url": schema.StringAttribute{
			MarkdownDescription: "URL Bandwidth posts the participant's events to, if any.",
			Computed:            true,
		},
		"publish_permissions": schema.SetAttribute{
			MarkdownDescription: "What the participant may publish: `AUDIO`, `VIDEO` or both.",
			ElementType:         types.StringType,
			Computed:            true,
		},
		"subscriptions": schema.SingleNestedAttribute{
			MarkdownDescription: "What the participant receives, as the API reports it; null when it receives nothing.",
			Computed:            true,
			Attributes: map[string]schema.Attribute{
				"session_id": schema.StringAttribute{
					MarkdownDescription: "The session the subscriptions belong to. With no `participants`, the participant receives the whole session.",
					Computed:            true,
				},
				"participants": schema.SetNestedAttribute{
					MarkdownDescription: "The participants of the session it receives, when not the whole session.",
					Computed:            true,
					NestedObject: schema.NestedAttributeObject{
						Attributes: map[string]schema.Attribute{
							"participant_id": schema.StringAttribute{
								MarkdownDescription: "Id of a participant it receives.",
								Computed:            true,
							},
							"stream_aliases": schema.SetAttribute{
								MarkdownDescription: "The streams of that participant it receives; null for all of them.",
								ElementType:         types.StringType,
								Computed:            true,
							},
						},
					},
				},
			},
		},
		"tag": schema.StringAttribute{
			MarkdownDescription: "The participant's label, if any.",
			Computed:            true,
		},
		"device_api_version": schema.StringAttribute{
			MarkdownDescription: "Device API version the participant's client speaks.",
			Computed:            true,
		},
		"sessions": schema.ListAttribute{
			MarkdownDescription: "Ids of the sessions the participant is in (at most one).",
			ElementType:         types.StringType,
			Computed:            true,
		},
	}
}

func (d *participantDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config participantDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	client := d.data.requireClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := config.ID.ValueString()
	p, err := client.GetParticipant(ctx, id)
	if err != nil {
		addLookupError(&resp.Diagnostics, path.Root("id"), "participant", id, err)
		return
	}
	state, diags := participantDataFromAPI(p)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// participantDataFromAPI converts with the participant resource's setFromAPI, so resource and
// data sources agree on every attribute, and adds the subscriptions the participant carries.
func participantDataFromAPI(p *webrtc.Participant) (participantDataModel, diag.Diagnostics) {
	var m participantDataModel
	m.setFromAPI(p)
	var diags diag.Diagnostics
	m.Subscriptions, diags = subscriptionsToObject(p.Subscriptions, "", types.ObjectNull(subscriptionsAttrTypes))
	return m, diags
}

// addLookupError reports a failed data source read; a 404 is an error naming the missing object,
// never an empty result.
func addLookupError(diags *diag.Diagnostics, attr path.Path, kind, id string, err error) {
	if webrtc.IsNotFound(err) {
		diags.AddAttributeError(attr, fmt.Sprintf("No %s %s", kind, id),
			fmt.Sprintf("Bandwidth has no %s %s in this account: it was never created, was deleted, or has expired "+
				"(Bandwidth removes sessions about 9 hours after they are created). Check the id and the provider's account_id.", kind, id))
		return
	}
	addAPIError(diags, fmt.Sprintf("read %s %s", kind, id), err)
}
