package provider

import (
	"context"
	"sort"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

// participantDataModel is a participant as the API returns it, and as the data sources show it:
// without the token, which the API returns only at creation.
type participantDataModel struct {
	ID                 types.String `tfsdk:"id"`
	CallbackURL        types.String `tfsdk:"callback_url"`
	PublishPermissions types.Set    `tfsdk:"publish_permissions"`
	Subscriptions      types.Object `tfsdk:"subscriptions"`
	Tag                types.String `tfsdk:"tag"`
	DeviceAPIVersion   types.String `tfsdk:"device_api_version"`
	Sessions           types.List   `tfsdk:"sessions"`
}

// participantModel is the resource: the participant, its token and the resource's own settings.
type participantModel struct {
	participantDataModel
	Token          types.String   `tfsdk:"token"`
	TokenExpiresAt types.String   `tfsdk:"token_expires_at"`
	TokenExpired   types.Bool     `tfsdk:"token_expired"`
	RenewBefore    types.String   `tfsdk:"renew_before"`
	Timeouts       timeouts.Value `tfsdk:"timeouts"`
}

// createRequest builds the createParticipant body from the plan.
func (m participantModel) createRequest(ctx context.Context) (webrtc.CreateParticipantRequest, diag.Diagnostics) {
	req := webrtc.CreateParticipantRequest{
		CallbackURL:      m.CallbackURL.ValueStringPointer(),
		Tag:              m.Tag.ValueString(),
		DeviceAPIVersion: m.DeviceAPIVersion.ValueString(),
	}
	var diags diag.Diagnostics
	if !m.PublishPermissions.IsNull() && !m.PublishPermissions.IsUnknown() {
		var perms []string
		diags.Append(m.PublishPermissions.ElementsAs(ctx, &perms, false)...)
		sort.Strings(perms)
		for _, p := range perms {
			req.PublishPermissions = append(req.PublishPermissions, webrtc.PublishPermission(p))
		}
	}
	subs, d := subscriptionsFromObject(ctx, m.Subscriptions)
	diags.Append(d...)
	req.Subscriptions = subs
	return req, diags
}

// setFromAPI copies what the API returns into the model. The subscriptions are not part of a
// participant read and are left alone.
func (m *participantDataModel) setFromAPI(p *webrtc.Participant) {
	m.ID = types.StringValue(p.ID)
	if p.CallbackURL != nil {
		m.CallbackURL = types.StringValue(*p.CallbackURL)
	} else {
		m.CallbackURL = types.StringNull()
	}
	perms := make([]string, len(p.PublishPermissions))
	for i, perm := range p.PublishPermissions {
		perms[i] = string(perm)
	}
	m.PublishPermissions = stringSetOrNull(perms)
	m.Tag = stringOrNull(p.Tag)
	m.DeviceAPIVersion = stringOrNull(p.DeviceAPIVersion)
	sessions := make([]attr.Value, len(p.Sessions))
	for i, s := range p.Sessions {
		sessions[i] = types.StringValue(s)
	}
	m.Sessions = types.ListValueMust(types.StringType, sessions)
}

// setToken records the token and the expiry read from its exp claim.
func (m *participantModel) setToken(token string, now time.Time) {
	m.Token = types.StringValue(token)
	m.TokenExpiresAt = tokenExpiry(token)
	m.TokenExpired = tokenExpired(m.TokenExpiresAt, now)
}

// tokenExpiry reads the exp claim; a token without one (or not a JWT) has no known expiry.
func tokenExpiry(token string) types.String {
	claims, err := webrtc.ParseTokenClaims(token)
	if err != nil {
		return types.StringNull()
	}
	return timeOrNull(claims.ExpiresAt)
}
