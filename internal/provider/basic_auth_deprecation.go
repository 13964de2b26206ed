package provider

import "github.com/hashicorp/terraform-plugin-framework/diag"

// Bandwidth decommissions username/password API users on 2026-12-02; OAuth2 client credentials
// replace them. Basic auth keeps working for accounts that still have an API user.
const (
	apiUsersEndDate = "2026-12-02"

	basicAuthDeprecation = "Bandwidth decommissions username/password API users on " + apiUsersEndDate + ". " +
		"Use OAuth2 client credentials instead: client_id and client_secret (or BW_CLIENT_ID and BW_CLIENT_SECRET)."
)

// warnBasicAuth is the one warning a run gets when the provider authenticates as an API user,
// whether the credentials come from the provider block or from BW_USERNAME/BW_PASSWORD.
func warnBasicAuth(diags *diag.Diagnostics) {
	diags.AddWarning("Username/password API users end on "+apiUsersEndDate,
		"The bandwidth provider is authenticating with a legacy API user (username and password, from the provider block "+
			"or BW_USERNAME/BW_PASSWORD). Bandwidth decommissions these API users on "+apiUsersEndDate+", after which "+
			"their requests are refused. Create OAuth2 API credentials for the account in the Bandwidth App and set "+
			"client_id and client_secret (or BW_CLIENT_ID and BW_CLIENT_SECRET) instead, then remove username and password. "+
			"To keep the client secret out of plan files, pass it through an ephemeral input variable (see the provider documentation).")
}
