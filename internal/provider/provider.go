package provider

import (
	"context"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/validate"
)

// RegistryAddress is where Terraform finds this provider.
const RegistryAddress = "registry.terraform.io/bandwidth-community/bandwidth"

var (
	_ provider.Provider              = (*bandwidthProvider)(nil)
	_ provider.ProviderWithFunctions = (*bandwidthProvider)(nil)
)

type bandwidthProvider struct {
	version string
	now     func() time.Time
	// baseTransport carries every API and OAuth2 token request; nil is the network.
	baseTransport http.RoundTripper
}

// Option adjusts the provider New builds. main.go passes none; tests pass a clock or a transport.
type Option func(*bandwidthProvider)

// WithClock makes the provider read the time from now instead of time.Now.
func WithClock(now func() time.Time) Option {
	return func(p *bandwidthProvider) { p.now = now }
}

// WithBaseTransport sends every API and OAuth2 token request of the provider through rt instead
// of the network (the record/replay tests pass their recorder). The provider's own layers (auth,
// retries, user agent, logging with redaction) still wrap it.
func WithBaseTransport(rt http.RoundTripper) Option {
	return func(p *bandwidthProvider) { p.baseTransport = rt }
}

// New returns a constructor for the provider, as providerserver and the tests need it.
func New(version string, opts ...Option) func() provider.Provider {
	return func() provider.Provider {
		p := &bandwidthProvider{version: version, now: time.Now}
		for _, opt := range opts {
			opt(p)
		}
		return p
	}
}

func (p *bandwidthProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "bandwidth"
	resp.Version = p.version
}

func (p *bandwidthProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Provisions Bandwidth WebRTC sessions and participants. " +
			"Authenticate with OAuth2 client credentials (`client_id`/`client_secret`); " +
			"Bandwidth retires username/password API users on 2026-12-02. " +
			"Every setting can also come from an environment variable; explicit configuration wins.",
		Attributes: map[string]schema.Attribute{
			attrAccountID: schema.StringAttribute{
				MarkdownDescription: "Bandwidth account id, e.g. `9900000`. Environment variable: `" + envAccountID + "`.",
				Optional:            true,
				Validators:          []validator.String{validate.AccountID()},
			},
			attrClientID: schema.StringAttribute{
				MarkdownDescription: "OAuth2 client id of your Bandwidth API credentials. Environment variable: `" + envClientID + "`.",
				Optional:            true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.ConflictsWith(path.MatchRoot(attrUsername), path.MatchRoot(attrPassword)),
				},
			},
			attrClientSecret: schema.StringAttribute{
				MarkdownDescription: "OAuth2 client secret. Environment variable: `" + envClientSecret + "`.",
				Optional:            true,
				Sensitive:           true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.ConflictsWith(path.MatchRoot(attrUsername), path.MatchRoot(attrPassword)),
				},
			},
			attrOAuthTokenURL: schema.StringAttribute{
				MarkdownDescription: "OAuth2 token endpoint. Defaults to `" + defaultOAuthTokenURL + "`. " +
					"`http://` is accepted only for a loopback host. Environment variable: `" + envOAuthTokenURL + "`.",
				Optional:   true,
				Validators: []validator.String{validate.EndpointURL()},
			},
			attrUsername: schema.StringAttribute{
				MarkdownDescription: "**Deprecated.** Username of a legacy Bandwidth API user (Basic auth). Bandwidth decommissions API users on " +
					"2026-12-02: use `client_id` and `client_secret` instead. Still accepted for accounts that keep an API user; " +
					"every run that uses one warns. Environment variable: `" + envUsername + "`.",
				DeprecationMessage: basicAuthDeprecation,
				Optional:           true,
				Validators:         []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			attrPassword: schema.StringAttribute{
				MarkdownDescription: "**Deprecated.** Password of the legacy API user (sensitive). Bandwidth decommissions API users on " +
					"2026-12-02: use `client_secret` instead. Environment variable: `" + envPassword + "`.",
				DeprecationMessage: basicAuthDeprecation,
				Optional:           true,
				Sensitive:          true,
				Validators:         []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			attrBaseURL: schema.StringAttribute{
				MarkdownDescription: "WebRTC API base URL. Defaults to `" + defaultBaseURL + "`. " +
					"`http://` is accepted only for a loopback host such as the bundled mock. Environment variable: `" + envBaseURL + "`.",
				Optional:   true,
				Validators: []validator.String{validate.BaseURL()},
			},
			attrMaxRetries: schema.Int64Attribute{
				MarkdownDescription: "How many times a failed request is retried (429 and 5xx on reads, updates and deletes; " +
					"creates only when the API provably did not act). Defaults to `4`. Environment variable: `" + envMaxRetries + "`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, maxMaxRetries)},
			},
			attrRequestTimeout: schema.StringAttribute{
				MarkdownDescription: "Time limit for one attempt of one request, as a Go duration such as `30s` or `2m`. A create that was sent waits " +
					"for its answer beyond it, up to the resource's `timeouts.create`. " +
					"Defaults to `" + defaultRequestTimeout.String() + "`. Environment variable: `" + envRequestTimeout + "`.",
				Optional:   true,
				Validators: []validator.String{validate.PositiveDuration()},
			},
		},
	}
}

func (p *bandwidthProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		func() resource.Resource { return &participantResource{now: p.now} },
		NewSessionResource,
		NewSessionParticipantResource,
	}
}

func (p *bandwidthProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewParticipantDataSource,
		NewSessionDataSource,
		NewSessionParticipantsDataSource,
	}
}

func (p *bandwidthProvider) Functions(_ context.Context) []func() function.Function {
	return []func() function.Function{
		NewTokenClaimsFunction,
	}
}
