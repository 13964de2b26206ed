package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/pluginserver"
	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// oauthOnlyMock is a mock whose API user no test configuration knows: any request the provider
// signed with Basic instead of a bearer token would be answered 401.
func oauthOnlyMock(t *testing.T, opts webrtcmock.Options) *accMock {
	opts.Username, opts.Password = "api-user-the-provider-never-sees", "basic-password-never-configured"
	return startMock(t, opts)
}

// countingFactories serves the provider as main.go does and counts its Configure calls. Each Configure builds a
// new API client with an empty token cache, so it is the unit a cached token is fetched per.
func countingFactories(configures *atomic.Int64) map[string]func() (tfprotov6.ProviderServer, error) {
	p := &configureCounter{bandwidthProvider: New("test")().(*bandwidthProvider), configures: configures}
	return map[string]func() (tfprotov6.ProviderServer, error){
		"bandwidth": func() (tfprotov6.ProviderServer, error) {
			return pluginserver.NewProtocol6(func() provider.Provider { return p })(), nil
		},
	}
}

type configureCounter struct {
	*bandwidthProvider
	configures *atomic.Int64
}

func (p *configureCounter) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	p.configures.Add(1)
	p.bandwidthProvider.Configure(ctx, req, resp)
}

// idOf reads the id of the resource at a state address, for an import step.
func idOf(address string) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		var id string
		err := captureID(address, &id)(s)
		return id, err
	}
}

// apiRequests counts the requests to the WebRTC API, leaving out the token endpoint.
func apiRequests(s webrtcmock.Stats) int {
	n := 0
	for op, byStatus := range s.Requests {
		if op == webrtcmock.OpOAuth2Token {
			continue
		}
		for _, count := range byStatus {
			n += count
		}
	}
	return n
}

// expectNoRefusals fails for any 401 or 403 the mock answered.
func expectNoRefusals(t *testing.T, s webrtcmock.Stats) {
	t.Helper()
	for op, byStatus := range s.Requests {
		if byStatus[http.StatusUnauthorized]+byStatus[http.StatusForbidden] > 0 {
			t.Errorf("mock refused %s: %v", op, byStatus)
		}
	}
}

const threeParticipants = `
resource "bandwidth_webrtc_participant" "test" {
  count = 3
  tag   = "oauth-${count.index}"
}
`

// TestAccOAuth2_lifecycle: with client credentials every API call carries a bearer token, and a
// configured provider fetches one token and reuses it for all its calls.
func TestAccOAuth2_lifecycle(t *testing.T) {
	m := oauthOnlyMock(t, webrtcmock.Options{})
	var configures atomic.Int64
	config := m.oauthArgs().block() + threeParticipants
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: countingFactories(&configures),
		CheckDestroy:             expectNoParticipants(m),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: expectStateMatchesMock(m),
			},
			{RefreshState: true, Check: expectStateMatchesMock(m)},
			{
				Config:                  config,
				ResourceName:            participantAddr + "[1]",
				ImportStateIdFunc:       idOf(participantAddr + ".1"), // the state shim's key for test[1]
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"token", "token_expires_at"},
			},
		},
	})

	s := m.Stats()
	expectNoRefusals(t, s)
	tokens, calls, perClient := s.AccessTokensIssued, apiRequests(s), int(configures.Load())
	t.Logf("%d API calls, %d provider configurations, %d access tokens", calls, perClient, tokens)
	if tokens == 0 {
		t.Fatal("no access token was issued: the provider did not use OAuth2")
	}
	if got := s.Requests[webrtcmock.OpOAuth2Token][http.StatusOK]; got != tokens {
		t.Errorf("token endpoint answered %v, want only the %d successful grants", s.Requests[webrtcmock.OpOAuth2Token], tokens)
	}
	if calls <= perClient {
		t.Fatalf("test too small to tell caching apart: %d API calls for %d configurations", calls, perClient)
	}
	if tokens > perClient {
		t.Errorf("%d access tokens for %d API calls made by %d configured providers: the token is not reused within a provider", tokens, calls, perClient)
	}
}

// TestAccOAuth2_fromEnvironment: an empty provider block takes OAuth2 settings from BW_*.
func TestAccOAuth2_fromEnvironment(t *testing.T) {
	m := oauthOnlyMock(t, webrtcmock.Options{ClientID: "env-client", ClientSecret: "env-secret"})
	t.Setenv(envAccountID, m.opts.AccountID)
	t.Setenv(envBaseURL, m.server.BaseURL())
	t.Setenv(envClientID, m.opts.ClientID)
	t.Setenv(envClientSecret, m.opts.ClientSecret)
	t.Setenv(envOAuthTokenURL, m.server.TokenURL())
	config := `provider "bandwidth" {}` + "\n" + `resource "bandwidth_webrtc_participant" "test" { tag = "from-env" }`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             expectNoParticipants(m),
		Steps: []resource.TestStep{
			{Config: config, Check: expectStateMatchesMock(m)},
			{
				Config:                  config,
				ResourceName:            participantAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"token", "token_expires_at"},
			},
		},
	})
	s := m.Stats()
	expectNoRefusals(t, s)
	if s.AccessTokensIssued == 0 || s.ParticipantsCreated != 1 {
		t.Errorf("want OAuth2 from the environment and one participant; got %d tokens, %d participants created", s.AccessTokensIssued, s.ParticipantsCreated)
	}
}

// TestAccOAuth2_tokenExpiresMidApply: the API starts refusing the cached access token between
// two creates of one apply. The provider fetches a new token and resends, the apply succeeds, and
// no participant is created twice.
func TestAccOAuth2_tokenExpiresMidApply(t *testing.T) {
	const lifetime = time.Hour
	var skew atomic.Int64 // how far the mock's clock is ahead of the provider's
	m := webrtcmock.New(webrtcmock.Options{
		Username: "api-user-the-provider-never-sees", Password: "basic-password-never-configured",
		AccessTokenLifetime: lifetime,
		Now:                 func() time.Time { return time.Now().Add(time.Duration(skew.Load())) },
	})
	// Every create request moves the mock's clock past the lifetime of every token issued so far;
	// the provider's clock does not move, so to the provider its cached token still looks valid.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.ServeHTTP(w, r)
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/participants") {
			skew.Add(int64(2 * lifetime))
		}
	}))
	t.Cleanup(srv.Close)
	args := providerArgs{
		AccountID: "9900000", BaseURL: srv.URL + "/v1",
		ClientID: "demo-client", ClientSecret: "demo-secret", TokenURL: srv.URL + webrtcmock.TokenPath,
	}
	// A chain, so the creates are sent one after another within the apply.
	config := args.block() + `
resource "bandwidth_webrtc_participant" "first" {}
resource "bandwidth_webrtc_participant" "second" { depends_on = [bandwidth_webrtc_participant.first] }
resource "bandwidth_webrtc_participant" "third"  { depends_on = [bandwidth_webrtc_participant.second] }
`
	var before webrtcmock.Stats
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if n := m.Stats().LiveParticipants; n != 0 {
				return fmt.Errorf("mock still holds %d participants after destroy", n)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			PreConfig: func() { before = m.Stats() },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: func(*terraform.State) error {
				// Check runs right after the apply: one configured provider, three creates.
				after := m.Stats()
				refused := after.Requests[webrtcmock.OpCreateParticipant][http.StatusUnauthorized] - before.Requests[webrtcmock.OpCreateParticipant][http.StatusUnauthorized]
				tokens := after.AccessTokensIssued - before.AccessTokensIssued
				switch {
				case after.ParticipantsCreated != 3:
					return fmt.Errorf("%d participants created, want 3", after.ParticipantsCreated)
				case refused != 2:
					return fmt.Errorf("the mock refused %d creates for an expired token, want 2 (the second and third)", refused)
				case tokens != 3:
					return fmt.Errorf("%d access tokens fetched during the apply, want 3 (one, then one per expiry)", tokens)
				}
				return nil
			},
		}},
	})
}
