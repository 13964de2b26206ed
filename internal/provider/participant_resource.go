package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/validate"
	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

var (
	_ resource.Resource                = (*participantResource)(nil)
	_ resource.ResourceWithConfigure   = (*participantResource)(nil)
	_ resource.ResourceWithImportState = (*participantResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*participantResource)(nil)
	_ resource.ResourceWithIdentity    = (*participantResource)(nil)
)

// participantResource is built by the provider, which hands it its clock.
type participantResource struct {
	configuredResource
	now func() time.Time
}

func (r *participantResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webrtc_participant"
}

const replacementRotatesToken = " Changing it replaces the participant, which issues a new `token`."

func (r *participantResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Bandwidth WebRTC participant: someone (a browser, an app or a phone leg) who can join a session. " +
			"Creating it returns a `token` the participant's client connects with. The API returns the token only once, " +
			"so it is kept (sensitive) in state; it cannot be read back after an import.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The participant id (a UUID).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"callback_url": schema.StringAttribute{
				MarkdownDescription: "Full URL Bandwidth posts participant events (`onConnect`, `onLeave`, `onDisconnect`) to. " +
					"Participant webhooks are a beta feature Bandwidth enables per account." + replacementRotatesToken,
				Optional:      true,
				Validators:    []validator.String{validate.CallbackURL()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"publish_permissions": schema.SetAttribute{
				MarkdownDescription: "What the participant may publish: any of `AUDIO` and `VIDEO`. " +
					"When omitted, the API's default applies." + replacementRotatesToken,
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(string(webrtc.PublishAudio), string(webrtc.PublishVideo))),
				},
				PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplace(), setplanmodifier.UseStateForUnknown()},
			},
			"subscriptions": subscriptionsSchema(
				"What the participant receives in a session. Changing it within the same session updates the participant in place "+
					"(its token is kept); moving it to another `session_id` replaces the participant, which issues a new `token`, "+
					"and so does replacing the `bandwidth_webrtc_session` it names (its new id is known only at apply). A session "+
					"that expired leaves the participant subscribed to nothing, so the session created in its place is an update. "+
					"Removing it clears them in the session they were in. When omitted, this resource leaves the participant's "+
					"subscriptions alone, so they can be managed by `bandwidth_webrtc_session_participant` instead (to move them "+
					"here from the membership, set them here and remove them there in the same apply). Subscribing does not add "+
					"the participant to the session: "+
					"use `bandwidth_webrtc_session_participant` for membership.",
				objectplanmodifier.RequiresReplaceIf(subscriptionsSessionChanged,
					"Moving subscriptions to another session replaces the participant.",
					"Moving subscriptions to another `session_id` replaces the participant."),
			),
			"tag": schema.StringAttribute{
				MarkdownDescription: "A label of at most 50 characters, not unique, that must not hold personal data." + replacementRotatesToken,
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, webrtc.MaxTagLength)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace(), stringplanmodifier.UseStateForUnknown()},
			},
			"device_api_version": schema.StringAttribute{
				MarkdownDescription: "Device API version the participant's client speaks. Only `V3` exists; it is also the default." + replacementRotatesToken,
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.OneOf(webrtc.DeviceAPIVersions...)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace(), stringplanmodifier.UseStateForUnknown()},
			},
			"token": schema.StringAttribute{
				MarkdownDescription: "The JWT the participant's client connects with. Returned by the API only when the participant is created, " +
					"kept in state as a sensitive value and never read again. A replacement issues a new one. It is null after an import.",
				Computed:      true,
				Sensitive:     true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"token_expires_at": schema.StringAttribute{
				MarkdownDescription: "When the token expires (RFC 3339, from its `exp` claim). Null after an import.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"token_expired": schema.BoolAttribute{
				MarkdownDescription: "Whether the token had expired when the participant was last read (every plan refreshes it). " +
					"Null when the expiry is unknown, as after an import.",
				Computed:      true,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"renew_before": schema.StringAttribute{
				MarkdownDescription: "Opt-in token renewal: when the token expires within this duration (a Go duration such as `1h` " +
					"or `30m`), the plan replaces the participant, which issues a new `token`. Pair it with " +
					"`lifecycle { create_before_destroy = true }` so dependants get the new token before the old participant goes. " +
					"Changing this argument never replaces the participant by itself. The decision is taken at the refresh of the " +
					"plan, so a saved plan applied later does what it showed. A window at least as long as the token's lifetime " +
					"is ignored with a warning, since every new token would be due at once. Off when omitted.",
				Optional:   true,
				Validators: []validator.String{validate.PositiveDuration()},
			},
			"sessions": schema.ListAttribute{
				MarkdownDescription: "Ids of the sessions the participant is in (at most one), as last read from the API.",
				ElementType:         types.StringType,
				Computed:            true,
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{"timeouts": createTimeoutBlock(ctx, "participant")},
	}
}

func (r *participantResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("The participant id (a UUID).")
}

func (r *participantResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	client := r.data.requireClient(&resp.Diagnostics)
	var plan participantModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body, diags := plan.createRequest(ctx)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := withCreateTimeout(ctx, plan.Timeouts, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}

	// Once sent, the create runs to its answer even if Terraform stops the provider (see
	// transport.attemptBound); a stop before that sends nothing.
	created, err := client.CreateParticipant(ctx, body)
	if err != nil {
		addCreateError(&resp.Diagnostics, "participant", body.Tag, err)
		return
	}
	// The token exists only in this answer: record it before anything else can fail, so a
	// later error taints the resource instead of losing the participant.
	now := r.now()
	plan.setToken(created.Token, now)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), created.Participant.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("token"), plan.Token)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("token_expires_at"), plan.TokenExpiresAt)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, map[string]string{"id": created.Participant.ID})...)
	resp.Diagnostics.Append(recordReadTime(ctx, resp.Private, now)...)

	// Spec 2.0.0 ignores subscriptions on create; older servers apply them. Write them through
	// the subscriptions endpoint whenever the created participant does not carry them. A stop
	// before this write leaves the participant tainted, token kept: the next apply replaces it.
	if body.Subscriptions != nil && !body.Subscriptions.Same(created.Participant.Subscriptions) {
		err := client.UpdateParticipantSubscriptions(ctx, body.Subscriptions.SessionID, created.Participant.ID, body.Subscriptions)
		if err != nil {
			addSubscriptionsError(ctx, &resp.Diagnostics, client, "apply the participant's subscriptions",
				body.Subscriptions.SessionID, created.Participant.ID, err)
			return
		}
	}

	plan.setFromAPI(&created.Participant)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Read writes what the API returns, and the token's expiry as of now; the token, renew_before
// and timeouts are Terraform's own and stay as they are.
func (r *participantResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var stateID, tokenExpiresAt types.String
	var subscriptions types.Object
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &stateID)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("token_expires_at"), &tokenExpiresAt)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("subscriptions"), &subscriptions)...)
	client := r.data.requireClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := stateID.ValueString()
	// The framework wants the identity even when the participant turns out to be gone.
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, map[string]string{"id": id})...)

	p, err := client.GetParticipant(ctx, id)
	if webrtc.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Participant no longer exists",
			fmt.Sprintf("Bandwidth has no participant %s any more; it was deleted outside Terraform. "+
				"It is removed from state, and the next apply creates a new one with a new token.", id))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read participant "+id, err)
		return
	}
	var read participantDataModel
	read.setFromAPI(p)
	now := r.now()
	resp.Diagnostics.Append(recordReadTime(ctx, resp.Private, now)...)

	if sessionID := subscriptionsSessionID(subscriptions); sessionID != "" {
		obj, diags, err := readSubscriptions(ctx, client, sessionID, id, subscriptions)
		switch {
		case webrtc.IsNotFound(err):
			subscriptions = types.ObjectNull(subscriptionsAttrTypes)
		case err != nil:
			addAPIError(&resp.Diagnostics, "read the subscriptions of participant "+id, err)
			return
		default:
			resp.Diagnostics.Append(diags...)
			subscriptions = obj
		}
	}
	resp.Diagnostics.Append(setRefreshed(ctx, &resp.State, map[string]attr.Value{
		"id":                  read.ID,
		"callback_url":        read.CallbackURL,
		"publish_permissions": read.PublishPermissions,
		"subscriptions":       subscriptions,
		"tag":                 read.Tag,
		"device_api_version":  read.DeviceAPIVersion,
		"sessions":            read.Sessions,
		"token_expired":       tokenExpired(tokenExpiresAt, now),
	})...)
}

func (r *participantResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	client := r.data.requireClient(&resp.Diagnostics)
	var plan, state participantModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, map[string]string{"id": state.ID.ValueString()})...)
	// Only subscriptions update in place; every other argument forces replacement, and
	// renew_before lives only in state.
	if plan.Subscriptions.Equal(state.Subscriptions) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	subs, diags := subscriptionsFromObject(ctx, plan.Subscriptions)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	sessionID := subscriptionsSessionID(plan.Subscriptions)
	clearing := sessionID == ""
	if clearing {
		// Subscriptions removed from the configuration: clear them in the session they were in.
		sessionID = subscriptionsSessionID(state.Subscriptions)
	}
	if sessionID != "" {
		// A stop cuts this write; the state keeps the old subscriptions and the next apply redoes it.
		err := client.UpdateParticipantSubscriptions(ctx, sessionID, state.ID.ValueString(), subs)
		if clearing && webrtc.IsNotFound(err) {
			err = nil // the session is gone, and its subscriptions with it
		}
		if err != nil {
			addSubscriptionsError(ctx, &resp.Diagnostics, client, "update the subscriptions of participant "+state.ID.ValueString(),
				sessionID, state.ID.ValueString(), err)
			return
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *participantResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	client := r.data.requireClient(&resp.Diagnostics)
	deleteByID(ctx, req.State, client.DeleteParticipant, "participant", &resp.Diagnostics)
}

func (r *participantResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !importByID(ctx, "participant", req, resp) {
		return
	}
	resp.Diagnostics.AddWarning("Participant token cannot be imported",
		"Bandwidth returns a participant's token only when it is created, so the imported participant's token and "+
			"token_expires_at stay null. Replace the participant (terraform apply -replace=...) if you need its token.")
}

// subscriptionsSessionChanged requires replacement when subscriptions move from one session to
// another. A session id unknown at plan time (its session is being replaced or re-created after it
// expired) counts as a move: planning an update there would be contradicted at apply, when the id
// turns out to be another session's.
func subscriptionsSessionChanged(_ context.Context, req planmodifier.ObjectRequest, resp *objectplanmodifier.RequiresReplaceIfFuncResponse) {
	before := subscriptionsSessionID(req.StateValue)
	if before == "" {
		return // subscribing where nothing was subscribed is an update
	}
	after, known := plannedSubscriptionsSessionID(req.PlanValue)
	resp.RequiresReplace = !known || (after != "" && !sameID(before, after))
}
