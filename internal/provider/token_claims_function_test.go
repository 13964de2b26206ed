package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

func TestAccTokenClaimsFunction(t *testing.T) {
	exp := time.Date(2026, 11, 22, 18, 0, 0, 0, time.UTC)
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"a": "9900000", "p": testPeerA, "v": "v3", "iss": "bandwidth", "tid": "t-1",
		"exp": exp.Unix(), "iat": exp.Add(-9 * time.Hour).Unix(),
	}).SignedString([]byte("key"))
	if err != nil {
		t.Fatal(err)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(`output "claims" { value = provider::bandwidth::token_claims(%q) }`, token),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("claims", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"account_id":         knownvalue.StringExact("9900000"),
						"participant_id":     knownvalue.StringExact(testPeerA),
						"device_api_version": knownvalue.StringExact("v3"),
						"issuer":             knownvalue.StringExact("bandwidth"),
						"token_id":           knownvalue.StringExact("t-1"),
						"expires_at":         knownvalue.StringExact("2026-11-22T18:00:00Z"),
						"issued_at":          knownvalue.StringExact("2026-11-22T09:00:00Z"),
					})),
				},
			},
			{
				Config:      `output "claims" { value = provider::bandwidth::token_claims("not-a-token") }`,
				ExpectError: regexp.MustCompile(`(?s)token is not a participant token`),
			},
		},
	})
}

// TestTokenClaimsFunction_nullToken: an imported participant has a null token; its claims are
// null, not an error that fails the whole plan.
func TestTokenClaimsFunction_nullToken(t *testing.T) {
	f := NewTokenClaimsFunction()
	var def function.DefinitionResponse
	f.Definition(t.Context(), function.DefinitionRequest{}, &def)
	if p, ok := def.Definition.Parameters[0].(function.StringParameter); !ok || !p.AllowNullValue {
		t.Errorf("the token parameter does not allow null: %#v", def.Definition.Parameters[0])
	}

	resp := function.RunResponse{Result: function.NewResultData(types.ObjectUnknown(tokenClaimsAttrTypes))}
	f.Run(t.Context(), function.RunRequest{Arguments: function.NewArgumentsData([]attr.Value{types.StringNull()})}, &resp)
	if resp.Error != nil {
		t.Fatalf("token_claims(null) failed: %s", resp.Error)
	}
	if got := resp.Result.Value(); !got.Equal(types.ObjectNull(tokenClaimsAttrTypes)) {
		t.Errorf("token_claims(null) = %s, want a null object", got)
	}
}

func TestAccTokenClaimsFunction_nullToken(t *testing.T) {
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		Steps: []resource.TestStep{{
			Config: `
variable "imported_token" {
  type    = string
  default = null
}
output "literal_null" { value = provider::bandwidth::token_claims(null) == null }
output "variable_null" { value = provider::bandwidth::token_claims(var.imported_token) == null }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("literal_null", knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValue("variable_null", knownvalue.Bool(true)),
			},
		}},
	})
}

// TestAccTokenClaimsFunction_importedParticipant: a participant brought in with an import block
// has a null token, and an output over its claims plans and applies.
func TestAccTokenClaimsFunction_importedParticipant(t *testing.T) {
	m := startMock(t, webrtcmock.Options{})
	created, err := m.apiClient(t).CreateParticipant(t.Context(), webrtc.CreateParticipantRequest{Tag: "made-elsewhere"})
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		CheckDestroy:             expectNoParticipants(m),
		Steps: []resource.TestStep{{
			Config: m.providerBlock() + fmt.Sprintf(`
import {
  to = bandwidth_webrtc_participant.test
  id = %q
}
resource "bandwidth_webrtc_participant" "test" { tag = "made-elsewhere" }
output "claims_is_null" {
  value     = provider::bandwidth::token_claims(bandwidth_webrtc_participant.test.token) == null
  sensitive = true
}
`, created.Participant.ID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(participantAddr, tfjsonpath.New("token"), knownvalue.Null()),
				statecheck.ExpectKnownOutputValue("claims_is_null", knownvalue.Bool(true)),
			},
		}},
	})
}

// TestTokenClaimsFunction_nullArgumentAsOpenTofuSendsIt: OpenTofu passes a null argument as an empty
// DynamicValue, Terraform as an encoded null; both give null claims through the served provider.
func TestTokenClaimsFunction_nullArgumentAsOpenTofuSendsIt(t *testing.T) {
	server := NewProtocol6Server("test")()
	for name, arg := range map[string]*tfprotov6.DynamicValue{
		"OpenTofu: no value":     nil,
		"OpenTofu: empty value":  {},
		"Terraform: encoded nil": {MsgPack: []byte{0xc0}},
	} {
		t.Run(name, func(t *testing.T) {
			resp, err := server.CallFunction(context.Background(), &tfprotov6.CallFunctionRequest{
				Name:      "token_claims",
				Arguments: []*tfprotov6.DynamicValue{arg},
			})
			if err != nil {
				t.Fatal(err)
			}
			if resp.Error != nil {
				t.Fatalf("call failed: %s", resp.Error.Text)
			}
			result, err := resp.Result.Unmarshal(tftypes.Object{AttributeTypes: map[string]tftypes.Type{
				"account_id": tftypes.String, "participant_id": tftypes.String, "device_api_version": tftypes.String,
				"issuer": tftypes.String, "token_id": tftypes.String, "expires_at": tftypes.String, "issued_at": tftypes.String,
			}})
			if err != nil {
				t.Fatal(err)
			}
			if !result.IsNull() {
				t.Errorf("claims of a null token = %v, want null", result)
			}
		})
	}
}
