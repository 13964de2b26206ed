package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/validate"
	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

var (
	_ resource.Resource                   = (*sessionParticipantResource)(nil)
	_ resource.ResourceWithConfigure      = (*sessionParticipantResource)(nil)
	_ resource.ResourceWithValidateConfig = (*sessionParticipantResource)(nil)
	_ resource.ResourceWithImportState    = (*sessionParticipantResource)(nil)
	_ resource.ResourceWithIdentity       = (*sessionParticipantResource)(nil)
)

type sessionParticipantResource struct {
	configuredResource
}

// NewSessionParticipantResource is the bandwidth_webrtc_session_participant constructor.
func NewSessionParticipantResource() resource.Resource {
	return &sessionParticipantResource{}
}

type sessionParticipantModel struct {
	ID            types.String `tfsdk:"id"`
	SessionID     types.String `tfsdk:"session_id"`
	ParticipantID types.String `tfsdk:"participant_id"`
	Subscriptions types.Object `tfsdk:"subscriptions"`
}

func (r *sessionParticipantResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webrtc_session_participant"
}

const membershipReplaced = " Changing it removes the participant from the session and adds it again (the participant itself and its token are kept)."

func (r *sessionParticipantResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Puts a `bandwidth_webrtc_participant` into a `bandwidth_webrtc_session`, optionally with what it " +
			"receives there. A participant can be in one session at a time, and a session holds at most 20 participants.\n\n" +
			"**Subscriptions: one style per participant.** Manage a participant's subscriptions either here or in the " +
			"`subscriptions` of `bandwidth_webrtc_participant`, never both: the two would overwrite each other's changes at " +
			"every apply. Each resource reads and writes subscriptions only when its own `subscriptions` is set, so leave " +
			"it unset on the other one. Setting them here is the usual choice: they are applied in the same call that adds " +
			"the participant, and they go when the membership goes.\n\n" +
			"When the session expires (Bandwidth removes sessions after about 9 hours) or the participant is removed from " +
			"it outside Terraform, the next plan warns, drops the membership from state and plans to add the participant again.\n\n" +
			"Import with `<session_id>/<participant_id>`. An imported membership has no `subscriptions` in state until the " +
			"next apply writes the configured ones.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<session_id>/<participant_id>`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"session_id": schema.StringAttribute{
				MarkdownDescription: "The session to join, usually `bandwidth_webrtc_session.<name>.id`." + membershipReplaced,
				Required:            true,
				Validators:          []validator.String{validate.UUID()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"participant_id": schema.StringAttribute{
				MarkdownDescription: "The participant to add, usually `bandwidth_webrtc_participant.<name>.id`." + membershipReplaced,
				Required:            true,
				Validators:          []validator.String{validate.UUID()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"subscriptions": subscriptionsSchema(
				"What the participant receives in this session. `subscriptions.session_id` must be the same as this resource's " +
					"`session_id` (the API keeps subscriptions per session, and this membership speaks only for its own). " +
					"Changing it updates the subscriptions in place, replacing them as a whole. Removing it stops this resource " +
					"from managing them and leaves them as they are (so they can move to `bandwidth_webrtc_participant` in one " +
					"apply); they end when the membership is destroyed while it still sets them, or when the session ends. " +
					"When omitted, this resource never changes the participant's subscriptions, not even when it removes the " +
					"participant from the session (it puts back what Bandwidth drops then); see the note above.",
			),
		},
	}
}

func (r *sessionParticipantResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"session_id":     identityschema.StringAttribute{Description: "The session id.", RequiredForImport: true},
			"participant_id": identityschema.StringAttribute{Description: "The participant id.", RequiredForImport: true},
		},
	}
}

// ValidateConfig runs again with every value known before apply, so a mismatch hidden behind
// unknown ids at the first plan is still caught before any API call.
func (r *sessionParticipantResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config sessionParticipantModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || config.SessionID.IsUnknown() || config.SessionID.IsNull() {
		return
	}
	subsSession := subscriptionsSessionID(config.Subscriptions)
	if subsSession != "" && subsSession != config.SessionID.ValueString() {
		// Pointed at the object: Terraform highlights the top-level session_id for the nested path.
		resp.Diagnostics.AddAttributeError(path.Root("subscriptions"), "Subscriptions for another session",
			fmt.Sprintf("subscriptions.session_id is %s, but this membership is in session %s. A membership's subscriptions belong "+
				"to its own session: set subscriptions.session_id to the same value as session_id (for example "+
				"bandwidth_webrtc_session.<name>.id in both places).", subsSession, config.SessionID.ValueString()))
	}
}

func (r *sessionParticipantResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	client := r.data.requireClient(&resp.Diagnostics)
	var plan sessionParticipantModel
	subs := plan.getPlan(ctx, req.Plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	sessionID, participantID := plan.ids()

	// Membership writes are idempotent: one cut by a stop is redone by the next apply, and a
	// membership it did make is adopted then (see the conflict handling below).
	// A participant already in the session (its own subscriptions may have put it there) is not
	// added again without a body: that would gain nothing, and some servers clear the
	// subscriptions or answer 409 to it.
	var err error
	if subs != nil || !alreadyInSession(ctx, client, sessionID, participantID) {
		err = client.AddParticipantToSession(ctx, sessionID, participantID, subs)
	}
	if webrtc.IsConflict(err) && alreadyInSession(ctx, client, sessionID, participantID) {
		// A retried add whose first attempt went through (or a membership made outside Terraform):
		// the participant is where the configuration wants it, so adopt the membership and make
		// its subscriptions the configured ones.
		err = nil
		if subs != nil {
			err = client.UpdateParticipantSubscriptions(ctx, sessionID, participantID, subs)
		}
	}
	if webrtc.IsConflict(err) {
		explainMembershipConflict(ctx, client, sessionID, participantID, err, &resp.Diagnostics)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("add participant %s to session %s", participantID, sessionID), err)
		return
	}
	plan.ID = types.StringValue(membershipID(sessionID, participantID))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(plan.setIdentity(ctx, resp.Identity)...)
}

func (r *sessionParticipantResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state sessionParticipantModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.data.requireClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	sessionID, participantID := state.ids()
	resp.Diagnostics.Append(state.setIdentity(ctx, resp.Identity)...)

	members, err := client.ListSessionParticipants(ctx, sessionID)
	if webrtc.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Session no longer exists",
			fmt.Sprintf("Bandwidth has no session %s any more (sessions expire about 9 hours after they are created), so "+
				"participant %s is no longer in it. The membership is removed from state, and the next apply adds the "+
				"participant again, to a new session when the session is planned for re-creation too.", sessionID, participantID))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "list the participants of session "+sessionID, err)
		return
	}
	if !slices.ContainsFunc(members, func(p webrtc.Participant) bool { return sameID(p.ID, participantID) }) {
		resp.Diagnostics.AddWarning("Participant no longer in the session",
			fmt.Sprintf("Participant %s is no longer in session %s: it was removed from the session, or deleted, outside "+
				"Terraform. The membership is removed from state, and the next apply adds the participant again.",
				participantID, sessionID))
		resp.State.RemoveResource(ctx)
		return
	}
	state.ID = types.StringValue(membershipID(sessionID, participantID))

	// Authoritative only when set: otherwise bandwidth_webrtc_participant may own the subscriptions.
	if !state.Subscriptions.IsNull() {
		obj, diags, err := readSubscriptions(ctx, client, sessionID, participantID, state.Subscriptions)
		if err != nil {
			addAPIError(&resp.Diagnostics, fmt.Sprintf("read the subscriptions of participant %s in session %s", participantID, sessionID), err)
			return
		}
		resp.Diagnostics.Append(diags...)
		state.Subscriptions = obj
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *sessionParticipantResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	client := r.data.requireClient(&resp.Diagnostics)
	var plan sessionParticipantModel
	// Only subscriptions update in place.
	subs := plan.getPlan(ctx, req.Plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	sessionID, participantID := plan.ids()
	resp.Diagnostics.Append(plan.setIdentity(ctx, resp.Identity)...)
	// Subscriptions removed from the configuration are left as they are: this resource stops
	// managing them. Clearing them here would undo bandwidth_webrtc_participant when a
	// configuration moves them there, since Terraform updates the participant first.
	if subs != nil {
		// A stop cuts this write; the state keeps the old subscriptions and the next apply redoes it.
		if err := client.UpdateParticipantSubscriptions(ctx, sessionID, participantID, subs); err != nil {
			addAPIError(&resp.Diagnostics, fmt.Sprintf("update the subscriptions of participant %s in session %s", participantID, sessionID), err)
			return
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *sessionParticipantResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	client := r.data.requireClient(&resp.Diagnostics)
	var state sessionParticipantModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	sessionID, participantID := state.ids()
	// Leaving a session drops the participant's subscriptions there. A membership without
	// subscriptions never changes them, so it puts back what leaving dropped:
	// bandwidth_webrtc_participant may manage them, and its configuration still wants them.
	var kept *webrtc.Subscriptions
	if state.Subscriptions.IsNull() {
		if subs, err := client.GetParticipantSubscriptions(ctx, sessionID, participantID); err == nil && !subs.IsEmpty() {
			kept = subs
		}
	}
	err := client.RemoveParticipantFromSession(ctx, sessionID, participantID)
	if err != nil && !webrtc.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("remove participant %s from session %s", participantID, sessionID), err)
		return
	}
	if kept == nil || err != nil {
		return
	}
	// A stop here leaves the participant without the subscriptions it keeps; the participant's
	// next refresh sees them missing and the next apply writes them again.
	if err := client.UpdateParticipantSubscriptions(ctx, sessionID, participantID, kept); err != nil && !webrtc.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Subscriptions ended with the membership",
			fmt.Sprintf("Participant %s left session %s, and Bandwidth dropped its subscriptions there; restoring them failed (%s). "+
				"If bandwidth_webrtc_participant sets subscriptions for this session, the next apply writes them again; "+
				"if Bandwidth keeps subscriptions only for members, keep the participant in the session or remove its subscriptions.",
				participantID, sessionID, err))
	}
}

func (r *sessionParticipantResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := req.ID
	if id == "" { // imported by identity
		var sessionID, participantID types.String
		resp.Diagnostics.Append(req.Identity.GetAttribute(ctx, path.Root("session_id"), &sessionID)...)
		resp.Diagnostics.Append(req.Identity.GetAttribute(ctx, path.Root("participant_id"), &participantID)...)
		id = membershipID(sessionID.ValueString(), participantID.ValueString())
	}
	sessionID, participantID, err := parseMembershipID(id)
	if err != nil {
		resp.Diagnostics.AddError("Invalid membership id", "The import id "+err.Error()+".")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), membershipID(sessionID, participantID))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("session_id"), sessionID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("participant_id"), participantID)...)
}

// getPlan reads the plan into m and returns the subscriptions body it asks for.
func (m *sessionParticipantModel) getPlan(ctx context.Context, plan tfsdk.Plan, diags *diag.Diagnostics) *webrtc.Subscriptions {
	diags.Append(plan.Get(ctx, m)...)
	if diags.HasError() {
		return nil
	}
	subs, d := subscriptionsFromObject(ctx, m.Subscriptions)
	diags.Append(d...)
	return subs
}

func (m *sessionParticipantModel) setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity) diag.Diagnostics {
	return setIdentity(ctx, identity, map[string]string{"session_id": m.SessionID.ValueString(), "participant_id": m.ParticipantID.ValueString()})
}

func (m *sessionParticipantModel) ids() (sessionID, participantID string) {
	return m.SessionID.ValueString(), m.ParticipantID.ValueString()
}

func membershipID(sessionID, participantID string) string {
	return sessionID + "/" + participantID
}

// parseMembershipID splits an import id of the form <session_id>/<participant_id>.
func parseMembershipID(id string) (sessionID, participantID string, err error) {
	parts := strings.Split(id, "/")
	if len(parts) != 2 || validate.CheckUUID(parts[0]) != nil || validate.CheckUUID(parts[1]) != nil {
		return "", "", fmt.Errorf("must be <session_id>/<participant_id>, two UUIDs separated by a slash such as "+
			"75c21163-e110-41bc-bd76-1bb428ec85d5/320e2af6-13ec-498d-8b51-daba52c37853, got %q", id)
	}
	return parts[0], parts[1], nil
}

// alreadyInSession reports whether the participant is, as far as it can be read, in the session.
func alreadyInSession(ctx context.Context, client *webrtc.Client, sessionID, participantID string) bool {
	p, err := client.GetParticipant(ctx, participantID)
	return err == nil && slices.ContainsFunc(p.Sessions, func(s string) bool { return sameID(s, sessionID) })
}

// explainMembershipConflict says which of the two documented limits a 409 on add hit. The API's
// message is undocumented, so the cause is read from the participant and the session instead.
func explainMembershipConflict(ctx context.Context, client *webrtc.Client, sessionID, participantID string, err error, diags *diag.Diagnostics) {
	if p, getErr := client.GetParticipant(ctx, participantID); getErr == nil {
		if i := slices.IndexFunc(p.Sessions, func(s string) bool { return !sameID(s, sessionID) }); i >= 0 {
			diags.AddError("Participant is already in another session",
				fmt.Sprintf("Bandwidth refused to add participant %s to session %s because it is already in session %s, and a "+
					"participant can be in only one session at a time (%s).\n\nRemove it from session %s first (destroy the "+
					"bandwidth_webrtc_session_participant that put it there, or remove it with the API), or use another participant.",
					participantID, sessionID, p.Sessions[i], err, p.Sessions[i]))
			return
		}
	}
	members, listErr := client.ListSessionParticipants(ctx, sessionID)
	if listErr == nil && len(members) >= webrtc.MaxSessionParticipants {
		diags.AddError("Session is full",
			fmt.Sprintf("Bandwidth refused to add participant %s to session %s because the session already holds %d participants, "+
				"the most a session can have (%s).\n\nRemove a participant from the session first, or put this one in another session.",
				participantID, sessionID, len(members), err))
		return
	}
	diags.AddError(fmt.Sprintf("Cannot add participant %s to session %s", participantID, sessionID),
		fmt.Sprintf("Bandwidth answered with a conflict (%s), but the participant is in no other session and the session is not "+
			"full, as far as they could be read. Run apply again; if it persists, report it to Bandwidth support with the request id.", err))
}
