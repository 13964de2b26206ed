package provider

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/transport"
	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/contract"
	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// TestMain makes the acceptance tests run by default: they need no credentials and no network,
// only a Terraform (or OpenTofu) CLI, which is looked up on PATH and never downloaded.
func TestMain(m *testing.M) {
	// The tests configure the provider explicitly; settings from the caller's shell must not leak in.
	// BW_TEST_MODE=record reads them from callerEnv, captured before they are cleared.
	for _, kv := range os.Environ() {
		if name, value, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "BW_") {
			callerEnv[name] = value
			os.Unsetenv(name)
		}
	}
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		for _, name := range []string{"terraform", "tofu"} {
			if p, err := exec.LookPath(name); err == nil {
				os.Setenv("TF_ACC_TERRAFORM_PATH", p)
				break
			}
		}
	}
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		fmt.Fprintln(os.Stderr, "\n*** ACCEPTANCE TESTS SKIPPED: no terraform or tofu on PATH and TF_ACC_TERRAFORM_PATH unset. ***\n"+
			"*** Install Terraform >= 1.5 or OpenTofu, or run `make testacc-tofu`. ***")
	} else if os.Getenv("TF_ACC") == "" {
		os.Setenv("TF_ACC", "1")
	}
	os.Unsetenv("TF_ACC_TERRAFORM_VERSION")
	os.Exit(runWithCLIConfig(m))
}

// runWithCLIConfig runs the tests with an empty CLI configuration when none is usable, and
// removes it afterwards (before os.Exit, which runs no deferred call).
func runWithCLIConfig(m *testing.M) int {
	if cfg := os.Getenv("TF_CLI_CONFIG_FILE"); cfg == "" || !fileExists(cfg) {
		dir, err := os.MkdirTemp("", "bandwidth-acc-cli")
		if err == nil {
			defer os.RemoveAll(dir)
			empty := filepath.Join(dir, "empty.tfrc")
			if os.WriteFile(empty, nil, 0o600) == nil {
				os.Setenv("TF_CLI_CONFIG_FILE", empty)
			}
		}
	}
	return m.Run()
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// The tests serve the provider exactly as main.go does, wrapper included.
var protoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"bandwidth": func() (tfprotov6.ProviderServer, error) { return NewProtocol6Server("test")(), nil },
}

// accMock is a mock Bandwidth API on loopback for one test.
type accMock struct {
	*webrtcmock.Mock
	server *webrtcmock.Server
	opts   webrtcmock.Options
}

func startMock(t *testing.T, opts webrtcmock.Options) *accMock {
	t.Helper()
	opts = withMockDefaults(opts)
	if opts.Variants == nil {
		opts.Variants = mockVariantsFromEnv(t)
	}
	m := webrtcmock.New(opts)
	check, err := contract.New() // every request and answer checked against the OpenAPI spec
	if err != nil {
		t.Fatalf("contract check: %v", err)
	}
	srv, err := m.StartHandler("127.0.0.1:0", check.Wrap(m))
	if err != nil {
		t.Fatalf("start mock: %v", err)
	}
	t.Cleanup(func() { // registered first, so it runs once the server is closed
		if err := check.Err(); err != nil {
			t.Error(err)
		}
	})
	t.Cleanup(func() { _ = srv.Close() })
	return &accMock{Mock: m, server: srv, opts: opts}
}

// mockVariantsFromEnv reads WEBRTCMOCK_VARIANT, a comma-separated list of webrtcmock variants
// (`go run ./tools/cmd/webrtcmock -help` lists them), so the whole suite can run against a mock that
// behaves as the real API might where the documentation is silent. A test that picks its own
// variants keeps them.
func mockVariantsFromEnv(t *testing.T) []webrtcmock.Variant {
	t.Helper()
	variants, err := webrtcmock.ParseVariants(os.Getenv("WEBRTCMOCK_VARIANT"))
	if err != nil {
		t.Fatalf("WEBRTCMOCK_VARIANT: %v", err)
	}
	return variants
}

func withMockDefaults(o webrtcmock.Options) webrtcmock.Options {
	if o.AccountID == "" {
		o.AccountID = "9900000"
	}
	if o.Username == "" {
		o.Username, o.Password = "demo", "demo"
	}
	if o.ClientID == "" {
		o.ClientID, o.ClientSecret = "demo-client", "demo-secret"
	}
	return o
}

// providerBlock configures the provider for the mock with Basic credentials.
func (m *accMock) providerBlock() string {
	return fmt.Sprintf(`
provider "bandwidth" {
  account_id = %q
  base_url   = %q
  username   = %q
  password   = %q
}
`, m.opts.AccountID, m.server.BaseURL(), m.opts.Username, m.opts.Password)
}

// apiClient talks to the mock directly, for test set-up that is not under test.
func (m *accMock) apiClient(t *testing.T) *webrtc.Client {
	t.Helper()
	httpClient, err := transport.NewHTTPClient(transport.Options{
		Basic: &transport.BasicCredentials{Username: m.opts.Username, Password: m.opts.Password},
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := webrtc.New(webrtc.Config{
		BaseURL:    m.server.BaseURL(),
		AccountID:  m.opts.AccountID,
		HTTPClient: httpClient,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// captureID copies a resource's id out of state for later checks and steps.
func captureID(address string, into *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return fmt.Errorf("%s not in state", address)
		}
		*into = rs.Primary.ID
		return nil
	}
}

// expectRefreshedValue is plancheck.ExpectKnownValue for the other side of the change: the value
// the plan starts from, as the refresh before it read it from the API. It shows what the plan
// reports as changed outside Terraform.
func expectRefreshedValue(address string, attributePath tfjsonpath.Path, check knownvalue.Check) plancheck.PlanCheck {
	return refreshedValue{address: address, path: attributePath, check: check}
}

type refreshedValue struct {
	address string
	path    tfjsonpath.Path
	check   knownvalue.Check
}

func (e refreshedValue) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	if req.Plan == nil {
		resp.Error = fmt.Errorf("plan is nil")
		return
	}
	var rc *tfjson.ResourceChange
	for _, c := range req.Plan.ResourceChanges {
		if c.Address == e.address {
			rc = c
			break
		}
	}
	if rc == nil || rc.Change == nil {
		resp.Error = fmt.Errorf("%s - Resource not found in plan", e.address)
		return
	}
	got, err := tfjsonpath.Traverse(rc.Change.Before, e.path)
	if err != nil {
		resp.Error = fmt.Errorf("%s.%s before the change: %w", e.address, e.path.String(), err)
		return
	}
	if err := e.check.CheckValue(got); err != nil {
		resp.Error = fmt.Errorf("%s.%s as refreshed before the change: %w", e.address, e.path.String(), err)
	}
}
