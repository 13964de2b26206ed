package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
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
