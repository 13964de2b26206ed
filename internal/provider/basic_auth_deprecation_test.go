package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// providerConfigValue is a provider block as Terraform sends it: the given attributes, the rest null.
func providerConfigValue(t *testing.T, server tfprotov6.ProviderServer, attrs map[string]string) *tfprotov6.DynamicValue {
	t.Helper()
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ := schemas.Provider.ValueType().(tftypes.Object)
	values := map[string]tftypes.Value{}
	for name, attrType := range typ.AttributeTypes {
		if v, ok := attrs[name]; ok {
			values[name] = tftypes.NewValue(attrType, v)
		} else {
			values[name] = tftypes.NewValue(attrType, nil)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, values))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

func warningsOf(diags []*tfprotov6.Diagnostic) (warnings []*tfprotov6.Diagnostic, errors []string) {
	for _, d := range diags {
		switch d.Severity {
		case tfprotov6.DiagnosticSeverityWarning:
			warnings = append(warnings, d)
		case tfprotov6.DiagnosticSeverityError:
			errors = append(errors, d.Summary+": "+d.Detail)
		}
	}
	return warnings, errors
}

// TestConfigure_basicAuthWarnsOnce: a provider configured with a legacy API user gets exactly one
// warning naming the end date and the OAuth2 replacement, whether the credentials come from the
// provider block or the environment; OAuth2 gets none. Basic auth keeps working (no error).
func TestConfigure_basicAuthWarnsOnce(t *testing.T) {
	base := map[string]string{attrAccountID: "9900000", attrBaseURL: "http://127.0.0.1:1/v1"}
	with := func(extra map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		attrs map[string]string
		env   map[string]string
		warns bool
	}{
		{"basic in the provider block", with(map[string]string{attrUsername: "demo", attrPassword: "demo-password"}), nil, true},
		{"basic from BW_USERNAME and BW_PASSWORD", base, map[string]string{envUsername: "demo", envPassword: "demo-password"}, true},
		{"oauth2 in the provider block", with(map[string]string{attrClientID: "demo-client", attrClientSecret: "demo-secret"}), nil, false},
		{"oauth2 from the environment", base, map[string]string{envClientID: "demo-client", envClientSecret: "demo-secret"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			server := providerserver.NewProtocol6(New("test")())()
			resp, err := server.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{
				TerraformVersion: "1.11.4",
				Config:           providerConfigValue(t, server, tc.attrs),
			})
			if err != nil {
				t.Fatal(err)
			}
			warnings, errs := warningsOf(resp.Diagnostics)
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			if !tc.warns {
				if len(warnings) != 0 {
					t.Errorf("warnings for OAuth2: %v", warnings[0].Summary)
				}
				return
			}
			if len(warnings) != 1 {
				t.Fatalf("%d warnings, want exactly one", len(warnings))
			}
			text := warnings[0].Summary + " " + warnings[0].Detail
			for _, want := range []string{"2026-12-02", "client_id", "client_secret", "BW_CLIENT_ID", "BW_USERNAME"} {
				if !strings.Contains(text, want) {
					t.Errorf("warning %q lacks %q", text, want)
				}
			}
			if strings.Contains(text, "demo-password") {
				t.Error("the warning shows the password")
			}
		})
	}
}

// TestSchema_basicAuthDeprecated: username and password are deprecated in the schema, so
// Terraform flags them in configurations, and the framework's validation warns with the message.
func TestSchema_basicAuthDeprecated(t *testing.T) {
	server := providerserver.NewProtocol6(New("test")())()
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range schemas.Provider.Block.Attributes {
		want := a.Name == attrUsername || a.Name == attrPassword
		if a.Deprecated != want {
			t.Errorf("%s: deprecated %v, want %v", a.Name, a.Deprecated, want)
		}
	}
	resp, err := server.ValidateProviderConfig(context.Background(), &tfprotov6.ValidateProviderConfigRequest{
		Config: providerConfigValue(t, server, map[string]string{attrAccountID: "9900000", attrUsername: "demo", attrPassword: "demo-password"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	warnings, errs := warningsOf(resp.Diagnostics)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(warnings) != 2 {
		t.Fatalf("%d warnings, want one each for username and password", len(warnings))
	}
	for _, w := range warnings {
		if !strings.Contains(w.Detail, "2026-12-02") || !strings.Contains(w.Detail, "client_id and client_secret") {
			t.Errorf("deprecation %q lacks the date or the replacement", w.Detail)
		}
	}
}
