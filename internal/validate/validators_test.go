package validate

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestValidators: each validator names the attribute and says what is allowed; null and
// unknown values pass.
func TestValidators(t *testing.T) {
	tests := []struct {
		name       string
		validator  validator.String
		value      types.String
		wantDetail string // substring; "" for no diagnostic
	}{
		{"account id", AccountID(), types.StringValue("9900000"), ""},
		{"account id with a slash", AccountID(), types.StringValue("99/00"), "account_id must be a Bandwidth account id such as 9900000"},
		{"uuid", UUID(), types.StringValue("320e2af6-13ec-498d-8b51-daba52c37853"), ""},
		{"not a uuid", UUID(), types.StringValue("session-1"), "must be a UUID such as 320e2af6-13ec-498d-8b51-daba52c37853, got: session-1"},
		{"callback URL", CallbackURL(), types.StringValue("ftp://example.com/cb"), `The value must be an absolute http:// or https:// URL such as https://example.com/callback, got "ftp://example.com/cb".`},
		{"endpoint URL", EndpointURL(), types.StringValue("http://id.example.com/token"), "The value uses http:// with the non-loopback host id.example.com"},
		{"endpoint URL with a query", EndpointURL(), types.StringValue("https://id.example.com/token?tenant=1"), ""},
		{"base URL with a query", BaseURL(), types.StringValue("https://example.com/v1?x=1"), "The value has a query or fragment"},
		{"empty base URL", BaseURL(), types.StringValue(""), "The value is empty: use an absolute https:// URL"},
		{"duration", PositiveDuration(), types.StringValue("0s"), `The value must be greater than zero, got "0s".`},
		{"null", BaseURL(), types.StringNull(), ""},
		{"unknown", BaseURL(), types.StringUnknown(), ""},
		{"null duration", PositiveDuration(), types.StringNull(), ""},
		{"unknown duration", PositiveDuration(), types.StringUnknown(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := validator.StringRequest{Path: path.Root("account_id"), ConfigValue: tt.value}
			var resp validator.StringResponse
			tt.validator.ValidateString(t.Context(), req, &resp)
			switch {
			case tt.wantDetail == "" && resp.Diagnostics.HasError():
				t.Fatalf("unexpected diagnostics: %v", resp.Diagnostics)
			case tt.wantDetail != "" && resp.Diagnostics.ErrorsCount() != 1:
				t.Fatalf("want one error %q, got %v", tt.wantDetail, resp.Diagnostics)
			case tt.wantDetail != "":
				d := resp.Diagnostics.Errors()[0]
				if !strings.Contains(d.Detail(), tt.wantDetail) {
					t.Errorf("detail = %q, want it to contain %q", d.Detail(), tt.wantDetail)
				}
				if !strings.Contains(d.Summary()+d.Detail(), "account_id") {
					t.Errorf("diagnostic %q / %q does not name the attribute", d.Summary(), d.Detail())
				}
			}
		})
	}
}
