package validate

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/endpoint"
)

// AccountID validates a Bandwidth account id.
func AccountID() validator.String {
	return stringvalidator.RegexMatches(accountIDPattern, accountIDRule)
}

// UUID validates an API id.
func UUID() validator.String {
	return stringvalidator.RegexMatches(uuidPattern, uuidRule)
}

// CallbackURL validates a participant callback URL.
func CallbackURL() validator.String {
	return stringCheck{"value must be an absolute http(s) URL", CheckCallbackURL}
}

// EndpointURL validates a URL that receives credentials, such as the OAuth2 token URL.
func EndpointURL() validator.String {
	return stringCheck{"value must be an https URL, or http to a loopback host", endpoint.Check}
}

// BaseURL validates the API's base URL: an EndpointURL without query or fragment.
func BaseURL() validator.String {
	return stringCheck{"value must be an https URL, or http to a loopback host, without query or fragment", endpoint.CheckBase}
}

// PositiveDuration validates a Go duration greater than zero.
func PositiveDuration() validator.String {
	return stringCheck{"value must be a positive duration such as 30s", checkPositiveDuration}
}

// stringCheck adapts a pure check to a framework string validator, for what the validators
// library has no validator for: URLs and Go durations. Null and unknown values pass:
// requiredness is the schema's job, and unknown values are checked once known.
type stringCheck struct {
	description string
	check       func(string) error
}

func (v stringCheck) Description(_ context.Context) string         { return v.description }
func (v stringCheck) MarkdownDescription(_ context.Context) string { return v.description }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid value for "+req.Path.String(),
			"The value "+err.Error()+".")
	}
}
