package provider

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/transport"
	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

// providerData is what resources and data sources receive from Configure.
type providerData struct {
	client *webrtc.Client
	// unknown names provider settings that were unknown at plan time; the client is nil then.
	unknown []string
}

func (p *bandwidthProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if unknown := unknownAttributes(m); len(unknown) > 0 {
		// Values that come from resources not yet created: planning new objects needs no API
		// call, so let the plan go on; anything that does need the API says why it cannot.
		tflog.Debug(ctx, "provider settings unknown until apply", map[string]any{"attributes": unknown})
		data := &providerData{unknown: unknown}
		resp.ResourceData, resp.DataSourceData = data, data
		return
	}

	settings, diags := resolveSettings(m, os.Getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if settings.usesBasic() && !settings.usesOAuth2() {
		warnBasicAuth(&resp.Diagnostics)
	}

	client, err := newAPIClient(settings, userAgent(p.version, req.TerraformVersion), p.baseTransport)
	if err != nil {
		resp.Diagnostics.AddError("Cannot set up the Bandwidth API client", err.Error())
		return
	}
	data := &providerData{client: client}
	resp.ResourceData, resp.DataSourceData = data, data
}

// newAPIClient builds the provider's one HTTP client; base carries its requests (nil: the
// network, see WithBaseTransport).
func newAPIClient(s providerSettings, ua string, base http.RoundTripper) (*webrtc.Client, error) {
	opts := transport.Options{
		MaxRetries:     s.MaxRetries,
		RequestTimeout: s.RequestTimeout,
		UserAgent:      ua,
		Base:           base,
	}
	if s.usesOAuth2() {
		opts.OAuth2 = &transport.OAuth2Credentials{ClientID: s.ClientID, ClientSecret: s.ClientSecret, TokenURL: s.OAuthTokenURL}
	} else {
		opts.Basic = &transport.BasicCredentials{Username: s.Username, Password: s.Password}
	}
	httpClient, err := transport.NewHTTPClient(opts)
	if err != nil {
		return nil, err
	}
	return webrtc.New(webrtc.Config{BaseURL: s.BaseURL, AccountID: s.AccountID, HTTPClient: httpClient})
}

func userAgent(providerVersion, terraformVersion string) string {
	if terraformVersion == "" {
		terraformVersion = "unknown"
	}
	return fmt.Sprintf("terraform-provider-bandwidth/%s (+Terraform %s)", providerVersion, terraformVersion)
}

// configuredResource is embedded by every resource: its Configure takes the provider data.
type configuredResource struct{ data *providerData }

func (r *configuredResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = apiClientFrom(req.ProviderData, &resp.Diagnostics)
}

// configuredDataSource is configuredResource for the data sources.
type configuredDataSource struct{ data *providerData }

func (d *configuredDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = apiClientFrom(req.ProviderData, &resp.Diagnostics)
}

// apiClientFrom unpacks the provider data handed to a resource or data source's Configure.
// It returns nil without a diagnostic before the provider is configured.
func apiClientFrom(providerDataValue any, diags *diag.Diagnostics) *providerData {
	if providerDataValue == nil {
		return nil
	}
	data, ok := providerDataValue.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", providerDataValue))
		return nil
	}
	return data
}

// requireClient returns the API client, or adds a diagnostic saying why there is none.
func (d *providerData) requireClient(diags *diag.Diagnostics) *webrtc.Client {
	switch {
	case d == nil:
		diags.AddError("Provider not configured",
			"The bandwidth provider was not configured before it was used. This is a bug in the provider or Terraform; please report it.")
	case d.client == nil:
		diags.AddError("Provider settings not known yet",
			fmt.Sprintf("The provider settings %s depend on values known only after apply, but this operation needs the Bandwidth API now. "+
				"Apply the resources those settings come from first (for example with -target), then run again.",
				strings.Join(d.unknown, ", ")))
	}
	if d == nil {
		return nil
	}
	return d.client
}
