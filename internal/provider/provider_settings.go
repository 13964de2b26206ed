package provider

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/endpoint"
	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/transport"
	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/validate"
	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

const (
	attrAccountID      = "account_id"
	attrClientID       = "client_id"
	attrClientSecret   = "client_secret"
	attrOAuthTokenURL  = "oauth_token_url"
	attrUsername       = "username"
	attrPassword       = "password"
	attrBaseURL        = "base_url"
	attrMaxRetries     = "max_retries"
	attrRequestTimeout = "request_timeout"

	envAccountID      = "BW_ACCOUNT_ID"
	envClientID       = "BW_CLIENT_ID"
	envClientSecret   = "BW_CLIENT_SECRET"
	envOAuthTokenURL  = "BW_OAUTH_TOKEN_URL"
	envUsername       = "BW_USERNAME"
	envPassword       = "BW_PASSWORD"
	envBaseURL        = "BW_WEBRTC_BASE_URL"
	envMaxRetries     = "BW_MAX_RETRIES"
	envRequestTimeout = "BW_REQUEST_TIMEOUT"

	defaultBaseURL        = webrtc.DefaultBaseURL
	defaultOAuthTokenURL  = transport.DefaultOAuthTokenURL
	defaultMaxRetries     = 4
	maxMaxRetries         = 10
	defaultRequestTimeout = 30 * time.Second
)

// providerModel is the provider block as Terraform sends it.
type providerModel struct {
	AccountID      types.String `tfsdk:"account_id"`
	ClientID       types.String `tfsdk:"client_id"`
	ClientSecret   types.String `tfsdk:"client_secret"`
	OAuthTokenURL  types.String `tfsdk:"oauth_token_url"`
	Username       types.String `tfsdk:"username"`
	Password       types.String `tfsdk:"password"`
	BaseURL        types.String `tfsdk:"base_url"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
	RequestTimeout types.String `tfsdk:"request_timeout"`
}

// providerSettings is the provider block resolved against the environment and defaults.
type providerSettings struct {
	AccountID      string
	ClientID       string
	ClientSecret   string
	OAuthTokenURL  string
	Username       string
	Password       string
	BaseURL        string
	MaxRetries     int
	RequestTimeout time.Duration
}

// usesOAuth2 reports whether client credentials were given (they take the OAuth2 path).
func (s providerSettings) usesOAuth2() bool { return s.ClientID != "" || s.ClientSecret != "" }

// usesBasic reports whether legacy API-user credentials were given.
func (s providerSettings) usesBasic() bool { return s.Username != "" || s.Password != "" }

// resolveSettings applies "explicit config wins, else environment, else default" and checks
// what only the combination can tell: missing settings and conflicting credentials.
func resolveSettings(m providerModel, getenv func(string) string) (providerSettings, diag.Diagnostics) {
	var diags diag.Diagnostics
	str := func(v types.String, env string) string {
		if isSet(v) {
			return v.ValueString()
		}
		return strings.TrimSpace(getenv(env))
	}
	s := providerSettings{
		AccountID:     str(m.AccountID, envAccountID),
		ClientID:      str(m.ClientID, envClientID),
		ClientSecret:  str(m.ClientSecret, envClientSecret),
		OAuthTokenURL: str(m.OAuthTokenURL, envOAuthTokenURL),
		Username:      str(m.Username, envUsername),
		Password:      str(m.Password, envPassword),
		BaseURL:       str(m.BaseURL, envBaseURL),
	}
	// Explicit config wins for the kind of credentials too: a block with credentials of one kind
	// shuts out the other kind's environment variables, so credentials left in the shell cannot
	// conflict with it. Both kinds conflict only when they come from the same place.
	oauth2InBlock := isSet(m.ClientID) || isSet(m.ClientSecret)
	basicInBlock := isSet(m.Username) || isSet(m.Password)
	switch {
	case oauth2InBlock && !basicInBlock:
		s.Username, s.Password = "", ""
	case basicInBlock && !oauth2InBlock:
		s.ClientID, s.ClientSecret = "", ""
	}
	if s.BaseURL == "" {
		s.BaseURL = defaultBaseURL
	}
	if s.OAuthTokenURL == "" {
		s.OAuthTokenURL = defaultOAuthTokenURL
	}

	if s.AccountID == "" {
		diags.AddAttributeError(path.Root(attrAccountID), "Missing Bandwidth account id",
			fmt.Sprintf("Set %q in the provider block or the %s environment variable to your Bandwidth account id.", attrAccountID, envAccountID))
	} else if err := validate.CheckAccountID(s.AccountID); err != nil {
		diags.AddAttributeError(path.Root(attrAccountID), "Invalid Bandwidth account id", err.Error())
	}
	for _, u := range []struct {
		attr, env, value string
		check            func(string) error
	}{
		{attrBaseURL, envBaseURL, s.BaseURL, endpoint.CheckBase},
		{attrOAuthTokenURL, envOAuthTokenURL, s.OAuthTokenURL, endpoint.Check},
	} {
		if err := u.check(u.value); err != nil {
			diags.AddAttributeError(path.Root(u.attr), "Invalid "+u.attr,
				fmt.Sprintf("%s (from %q or %s) %s.", u.attr, u.attr, u.env, err))
		}
	}
	diags.Append(checkCredentials(s, oauth2InBlock && basicInBlock)...)

	s.MaxRetries = defaultMaxRetries
	switch {
	case !m.MaxRetries.IsNull() && !m.MaxRetries.IsUnknown():
		s.MaxRetries = int(m.MaxRetries.ValueInt64())
	case getenv(envMaxRetries) != "":
		n, err := strconv.Atoi(strings.TrimSpace(getenv(envMaxRetries)))
		if err != nil || n < 0 || n > maxMaxRetries {
			diags.AddAttributeError(path.Root(attrMaxRetries), "Invalid "+envMaxRetries,
				fmt.Sprintf("%s must be a whole number from 0 to %d, got %q.", envMaxRetries, maxMaxRetries, getenv(envMaxRetries)))
		} else {
			s.MaxRetries = n
		}
	}

	s.RequestTimeout = defaultRequestTimeout
	if raw := str(m.RequestTimeout, envRequestTimeout); raw != "" {
		d, err := validate.ParsePositiveDuration(raw)
		if err != nil {
			diags.AddAttributeError(path.Root(attrRequestTimeout), "Invalid request_timeout",
				fmt.Sprintf("request_timeout (from %q or %s): %s", attrRequestTimeout, envRequestTimeout, err))
		} else {
			s.RequestTimeout = d
		}
	}
	return s, diags
}

// checkCredentials wants exactly one complete kind of credentials. bothInBlock says where two
// kinds came from: resolveSettings lets them meet only from the same source.
func checkCredentials(s providerSettings, bothInBlock bool) diag.Diagnostics {
	var diags diag.Diagnostics
	switch {
	case s.usesOAuth2() && s.usesBasic():
		oauth2, basic, source := attrClientID+"/"+attrClientSecret, attrUsername+"/"+attrPassword, "in the provider block"
		if !bothInBlock {
			oauth2, basic, source = envClientID+"/"+envClientSecret, envUsername+"/"+envPassword, "in the environment"
		}
		diags.AddError("Conflicting Bandwidth credentials",
			fmt.Sprintf("Both OAuth2 client credentials (%s) and legacy API-user credentials (%s) are set %s. "+
				"Keep only one set: OAuth2 is recommended, because Bandwidth retires username/password API users on 2026-12-02. "+
				"Credentials of one kind set in the provider block take precedence over the other kind's environment variables.",
				oauth2, basic, source))
	case s.usesOAuth2():
		diags.Append(requirePair(attrClientID, envClientID, s.ClientID, attrClientSecret, envClientSecret, s.ClientSecret)...)
	case s.usesBasic():
		diags.Append(requirePair(attrUsername, envUsername, s.Username, attrPassword, envPassword, s.Password)...)
	default:
		diags.AddError("Missing Bandwidth credentials",
			fmt.Sprintf("Set OAuth2 client credentials with %q and %q in the provider block (or the %s and %s environment variables). "+
				"Legacy API users may instead set %q and %q (or %s and %s) until Bandwidth retires them on 2026-12-02.",
				attrClientID, attrClientSecret, envClientID, envClientSecret, attrUsername, attrPassword, envUsername, envPassword))
	}
	return diags
}

func isSet(v types.String) bool { return !v.IsNull() && !v.IsUnknown() }

func requirePair(attrA, envA, a, attrB, envB, b string) diag.Diagnostics {
	var diags diag.Diagnostics
	if a == "" {
		diags.AddAttributeError(path.Root(attrA), "Missing "+attrA,
			fmt.Sprintf("%q is set but %q is not: set it in the provider block or the %s environment variable.", attrB, attrA, envA))
	}
	if b == "" {
		diags.AddAttributeError(path.Root(attrB), "Missing "+attrB,
			fmt.Sprintf("%q is set but %q is not: set it in the provider block or the %s environment variable.", attrA, attrB, envB))
	}
	return diags
}

// unknownAttributes names the provider attributes whose values are not known yet (they come
// from resources that have not been created).
func unknownAttributes(m providerModel) []string {
	var names []string
	for _, a := range []struct {
		name  string
		value attr.Value
	}{
		{attrAccountID, m.AccountID}, {attrClientID, m.ClientID}, {attrClientSecret, m.ClientSecret},
		{attrOAuthTokenURL, m.OAuthTokenURL}, {attrUsername, m.Username}, {attrPassword, m.Password},
		{attrBaseURL, m.BaseURL}, {attrMaxRetries, m.MaxRetries}, {attrRequestTimeout, m.RequestTimeout},
	} {
		if a.value.IsUnknown() {
			names = append(names, a.name)
		}
	}
	return names
}
