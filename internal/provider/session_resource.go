package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

var (
	_ resource.Resource                = (*sessionResource)(nil)
	_ resource.ResourceWithConfigure   = (*sessionResource)(nil)
	_ resource.ResourceWithImportState = (*sessionResource)(nil)
	_ resource.ResourceWithIdentity    = (*sessionResource)(nil)
)

type sessionResource struct {
	configuredResource
}

// NewSessionResource is the bandwidth_webrtc_session constructor.
func NewSessionResource() resource.Resource {
	return &sessionResource{}
}

// sessionModel is what the session resource and data source share.
type sessionModel struct {
	ID  types.String `tfsdk:"id"`
	Tag types.String `tfsdk:"tag"`
}

type sessionResourceModel struct {
	sessionModel
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func (r *sessionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webrtc_session"
}

func (r *sessionResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Bandwidth WebRTC session: a room that participants join " +
			"(with `bandwidth_webrtc_session_participant`) to exchange media.\n\n" +
			"**Sessions expire.** Bandwidth removes a session, with its memberships and subscriptions, about 9 hours " +
			"after it is created. When that has happened, the next plan or refresh warns that the session is gone, " +
			"drops it from state and plans a new one with a new `id`; memberships that point at it are planned again " +
			"too. Run `terraform apply` to get a working session back, and make sure whatever consumes the session id " +
			"reads it from this resource (or from the `bandwidth_webrtc_session` data source) rather than keeping a copy.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The session id (a UUID).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"tag": schema.StringAttribute{
				MarkdownDescription: "A label of at most 50 characters, not unique, that must not hold personal data. " +
					"The API cannot change a session, so changing it replaces the session (new `id`, empty of participants).",
				Optional:      true,
				Validators:    []validator.String{stringvalidator.UTF8LengthBetween(1, webrtc.MaxTagLength)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
		},
		Blocks: map[string]schema.Block{"timeouts": createTimeoutBlock(ctx, "session")},
	}
}

func (r *sessionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("The session id (a UUID).")
}

func (r *sessionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	client := r.data.requireClient(&resp.Diagnostics)
	var plan sessionResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel := withCreateTimeout(ctx, plan.Timeouts, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	// Once sent, the create runs to its answer even if Terraform stops the provider.
	created, err := client.CreateSession(ctx, webrtc.Session{Tag: plan.Tag.ValueString()})
	if err != nil {
		addCreateError(&resp.Diagnostics, "session", plan.Tag.ValueString(), err)
		return
	}
	plan.setFromAPI(created, plan.Tag.IsNull())
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, map[string]string{"id": created.ID})...)
}

func (r *sessionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state sessionResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.data.requireClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, map[string]string{"id": id})...)

	session, err := client.GetSession(ctx, id)
	if webrtc.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Session no longer exists",
			fmt.Sprintf("Bandwidth has no session %s any more: it expired (Bandwidth removes sessions about 9 hours after "+
				"they are created) or was deleted outside Terraform. It is removed from state, and the next apply creates "+
				"a new session with a new id.", id))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read session "+id, err)
		return
	}
	adopt, diags := req.Private.GetKey(ctx, privateAdoptTag)
	resp.Diagnostics.Append(diags...)
	state.setFromAPI(session, state.Tag.IsNull() && len(adopt) == 0)
	if len(adopt) > 0 {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateAdoptTag, nil)...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update is never called with a change: every argument forces replacement.
func (r *sessionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan sessionResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, map[string]string{"id": plan.ID.ValueString()})...)
}

func (r *sessionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	client := r.data.requireClient(&resp.Diagnostics)
	deleteByID(ctx, req.State, client.DeleteSession, "session", &resp.Diagnostics)
}

func (r *sessionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !importByID(ctx, "session", req, resp) {
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateAdoptTag, []byte("true"))...)
}

// privateAdoptTag marks an imported session, whose first read takes the tag from the API.
const privateAdoptTag = "adopt_tag"

// setFromAPI copies the session the API returned. untagged keeps the tag null: some servers
// answer a tag of their own for a session created without one (Bandwidth's documentation does
// not say), and a tag the configuration does not set must stay unset.
func (m *sessionModel) setFromAPI(s *webrtc.Session, untagged bool) {
	m.ID = types.StringValue(s.ID)
	m.Tag = stringOrNull(s.Tag)
	if untagged {
		m.Tag = types.StringNull()
	}
}
