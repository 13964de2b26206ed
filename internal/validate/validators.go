package validate

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// stringCheck adapts a pure check to a framework string validator. Null and unknown values
// pass: requiredness is the schema's job, and unknown values are checked once known.
type stringCheck struct {
	description string
	check       func(string) error
}

var _ validator.String = stringCheck{}

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

// AccountID validates a Bandwidth account id.
func AccountID() validator.String {
	return stringCheck{"value must be a Bandwidth account id", CheckAccountID}
}

// UUID validates an API id.
func UUID() validator.String {
	return stringCheck{"value must be a UUID", CheckUUID}
}

// CallbackURL validates a participant callback URL.
func CallbackURL() validator.String {
	return stringCheck{"value must be an absolute http(s) URL", CheckCallbackURL}
}

// EndpointURL validates an API or token endpoint.
func EndpointURL() validator.String {
	return stringCheck{"value must be an https URL, or http to a loopback host", CheckEndpointURL}
}

// PositiveDuration validates a Go duration greater than zero.
func PositiveDuration() validator.String {
	return stringCheck{"value must be a positive duration such as 30s", checkPositiveDuration}
}

// LengthInCharacters validates a string of from least to most characters.
func LengthInCharacters(least, most int) validator.String {
	return stringCheck{
		fmt.Sprintf("value must be %d to %d characters long", least, most),
		func(s string) error { return CheckLengthInCharacters(s, least, most) },
	}
}
