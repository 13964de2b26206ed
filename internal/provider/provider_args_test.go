package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// Helpers shared by the OAuth2, credentials, fault-matrix and secrets tests.

// providerArgs renders a provider block; empty fields are left out.
type providerArgs struct {
	AccountID, BaseURL               string
	ClientID, ClientSecret, TokenURL string
	Username, Password               string
	MaxRetries, RequestTimeout       string
}

func (a providerArgs) block() string {
	var b strings.Builder
	b.WriteString("provider \"bandwidth\" {\n")
	for _, attr := range []struct{ name, value string }{
		{attrAccountID, a.AccountID}, {attrBaseURL, a.BaseURL},
		{attrClientID, a.ClientID}, {attrClientSecret, a.ClientSecret}, {attrOAuthTokenURL, a.TokenURL},
		{attrUsername, a.Username}, {attrPassword, a.Password},
		{attrMaxRetries, a.MaxRetries}, {attrRequestTimeout, a.RequestTimeout},
	} {
		if attr.value != "" {
			fmt.Fprintf(&b, "  %s = %q\n", attr.name, attr.value)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// oauthArgs configures the provider for m with OAuth2 client credentials only.
func (m *accMock) oauthArgs() providerArgs {
	return providerArgs{
		AccountID: m.opts.AccountID, BaseURL: m.server.BaseURL(),
		ClientID: m.opts.ClientID, ClientSecret: m.opts.ClientSecret, TokenURL: m.server.TokenURL(),
	}
}

// basicArgs configures the provider for m with the legacy API user.
func (m *accMock) basicArgs() providerArgs {
	return providerArgs{AccountID: m.opts.AccountID, BaseURL: m.server.BaseURL(), Username: m.opts.Username, Password: m.opts.Password}
}

// model is the provider block as Terraform would send it.
func (a providerArgs) model() providerModel {
	str := func(v string) types.String {
		if v == "" {
			return types.StringNull()
		}
		return types.StringValue(v)
	}
	m := providerModel{
		AccountID: str(a.AccountID), BaseURL: str(a.BaseURL),
		ClientID: str(a.ClientID), ClientSecret: str(a.ClientSecret), OAuthTokenURL: str(a.TokenURL),
		Username: str(a.Username), Password: str(a.Password),
		MaxRetries: types.Int64Null(), RequestTimeout: str(a.RequestTimeout),
	}
	if n, err := strconv.ParseInt(a.MaxRetries, 10, 64); err == nil {
		m.MaxRetries = types.Int64Value(n)
	}
	return m
}

// expectStateMatchesMock checks that Terraform manages exactly the participants and sessions alive
// at the mock: nothing orphaned, nothing in state that the API lost.
func expectStateMatchesMock(m *accMock) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		inState := map[string][]string{}
		for _, rs := range s.RootModule().Resources {
			inState[rs.Type] = append(inState[rs.Type], rs.Primary.ID)
		}
		for kind, live := range map[string][]string{
			"bandwidth_webrtc_participant": m.ParticipantIDs(),
			"bandwidth_webrtc_session":     m.SessionIDs(),
		} {
			if managed := slices.Sorted(slices.Values(inState[kind])); !slices.Equal(managed, live) {
				return fmt.Errorf("%s in state %v, alive at the mock %v", kind, managed, live)
			}
		}
		return nil
	}
}

// terraformError matches a Terraform error output, whose lines Terraform wraps: every space in
// pattern also matches a line break.
func terraformError(pattern string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + strings.ReplaceAll(pattern, " ", `\s+`))
}
