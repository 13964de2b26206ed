package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

var _ function.Function = (*tokenClaimsFunction)(nil)

type tokenClaimsFunction struct{}

// NewTokenClaimsFunction is the provider::bandwidth::token_claims constructor.
func NewTokenClaimsFunction() function.Function {
	return &tokenClaimsFunction{}
}

var tokenClaimsAttrTypes = map[string]attr.Type{
	"account_id":         types.StringType,
	"participant_id":     types.StringType,
	"device_api_version": types.StringType,
	"issuer":             types.StringType,
	"token_id":           types.StringType,
	"expires_at":         types.StringType,
	"issued_at":          types.StringType,
}

func (f *tokenClaimsFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "token_claims"
}

func (f *tokenClaimsFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Decode the claims of a participant token.",
		MarkdownDescription: "Decodes a participant token (a JWT) and returns its claims: `account_id` (`a`), " +
			"`participant_id` (`p`), `device_api_version` (`v`), `issuer` (`iss`), `token_id` (`tid`), and `expires_at` " +
			"and `issued_at` as RFC 3339 timestamps (null when the token does not carry them). The signature is not " +
			"checked: the provider is not the token's audience. A null token, such as an imported participant's, gives " +
			"null claims. Useful in `check` blocks and outputs.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "token",
				MarkdownDescription: "A participant token, such as `bandwidth_webrtc_participant.example.token`.",
				AllowNullValue:      true,
			},
		},
		Return: function.ObjectReturn{AttributeTypes: tokenClaimsAttrTypes},
	}
}

func (f *tokenClaimsFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var token types.String
	resp.Error = function.ConcatFuncErrors(req.Arguments.Get(ctx, &token))
	if resp.Error != nil {
		return
	}
	if token.IsNull() {
		resp.Error = resp.Result.Set(ctx, types.ObjectNull(tokenClaimsAttrTypes))
		return
	}
	claims, err := webrtc.ParseTokenClaims(token.ValueString())
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, "token is not a participant token: "+err.Error())
		return
	}
	result, diags := types.ObjectValue(tokenClaimsAttrTypes, map[string]attr.Value{
		"account_id":         types.StringValue(claims.AccountID),
		"participant_id":     types.StringValue(claims.ParticipantID),
		"device_api_version": types.StringValue(claims.DeviceAPIVersion),
		"issuer":             types.StringValue(claims.Issuer),
		"token_id":           types.StringValue(claims.TokenID),
		"expires_at":         timeOrNull(claims.ExpiresAt),
		"issued_at":          timeOrNull(claims.IssuedAt),
	})
	resp.Error = function.FuncErrorFromDiags(ctx, diags)
	if resp.Error != nil {
		return
	}
	resp.Error = resp.Result.Set(ctx, result)
}

// timeOrNull formats a claim time as RFC 3339 in UTC; an absent claim is null.
func timeOrNull(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}
