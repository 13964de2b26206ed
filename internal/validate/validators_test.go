package validate

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestLengthInCharacters(t *testing.T) {
	tests := []struct {
		name       string
		value      types.String
		wantDetail string // "" for no diagnostic
	}{
		{"49 two-byte characters", types.StringValue(strings.Repeat("é", 49)), ""},
		{"50 two-byte characters", types.StringValue(strings.Repeat("é", 50)), ""},
		{"50 four-byte characters", types.StringValue(strings.Repeat("🎧", 50)), ""},
		{"51 two-byte characters", types.StringValue(strings.Repeat("é", 51)), "The value must be 1 to 50 characters, got 51."},
		{"51 ASCII characters", types.StringValue(strings.Repeat("x", 51)), "The value must be 1 to 50 characters, got 51."},
		{"empty", types.StringValue(""), "The value must be 1 to 50 characters, got 0."},
		{"null", types.StringNull(), ""},
		{"unknown", types.StringUnknown(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := validator.StringRequest{Path: path.Root("tag"), ConfigValue: tt.value}
			var resp validator.StringResponse
			LengthInCharacters(1, 50).ValidateString(t.Context(), req, &resp)
			switch {
			case tt.wantDetail == "" && resp.Diagnostics.HasError():
				t.Fatalf("unexpected diagnostics: %v", resp.Diagnostics)
			case tt.wantDetail != "" && resp.Diagnostics.ErrorsCount() != 1:
				t.Fatalf("want one error %q, got %v", tt.wantDetail, resp.Diagnostics)
			case tt.wantDetail != "":
				d := resp.Diagnostics.Errors()[0]
				if d.Detail() != tt.wantDetail {
					t.Errorf("detail = %q, want %q", d.Detail(), tt.wantDetail)
				}
				if !strings.Contains(d.Summary(), "tag") {
					t.Errorf("summary %q does not name the attribute", d.Summary())
				}
			}
		})
	}
}
