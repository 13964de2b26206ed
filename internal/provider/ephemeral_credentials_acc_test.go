package provider

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// TestAccEphemeralClientSecret is examples/provider/ephemeral-credentials run for real: the client
// secret comes from an ephemeral input variable, the provider accepts it, a saved plan applies,
// and neither the plan file nor the state holds the secret. Ephemeral values need Terraform 1.10
// or OpenTofu 1.11.
func TestAccEphemeralClientSecret(t *testing.T) {
	if os.Getenv("TF_ACC") == "" || os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		t.Skip("needs TF_ACC and a Terraform or OpenTofu CLI")
	}
	name, v := cliVersion(t)
	minimum := version.Must(version.NewVersion("1.10.0"))
	if name == "OpenTofu" {
		minimum = version.Must(version.NewVersion("1.11.0"))
	}
	if v.Core().LessThan(minimum) {
		t.Skipf("%s %s has no ephemeral input variables (needs %s %s or later)", name, v, name, minimum)
	}
	const secret = "cs-ephemeral-Kx93-not-in-any-file"
	m := startMock(t, webrtcmock.Options{ClientID: "ephemeral-client", ClientSecret: secret})
	cli := newReattachedCLI(t, fmt.Sprintf(`
variable "client_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

provider "bandwidth" {
  account_id      = %q
  base_url        = %q
  oauth_token_url = %q
  client_id       = %q
  client_secret   = var.client_secret
}

resource "bandwidth_webrtc_session" "room" {
  tag = "room"
}
`, m.opts.AccountID, m.server.BaseURL(), m.server.TokenURL(), m.opts.ClientID))
	env := []string{"TF_VAR_client_secret=" + secret}

	out := cli.run(env, "plan", "-no-color", "-input=false", "-out=saved.tfplan")
	out += cli.run(env, "apply", "-no-color", "-input=false", "saved.tfplan")
	if st := m.Stats(); st.LiveSessions != 1 || st.AccessTokensIssued == 0 {
		t.Fatalf("after apply the mock holds %d sessions and issued %d access tokens, want 1 and some", st.LiveSessions, st.AccessTokensIssued)
	}
	if strings.Contains(out, secret) {
		t.Error("the CLI printed the client secret")
	}
	for _, f := range planFileContents(t, filepath.Join(cli.dir, "saved.tfplan")) {
		if strings.Contains(f.content, secret) {
			t.Errorf("the saved plan's %s holds the client secret", f.name)
		}
	}
	state, err := os.ReadFile(filepath.Join(cli.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(state), secret) {
		t.Error("the state holds the client secret")
	}
	cli.run(env, "destroy", "-no-color", "-input=false", "-auto-approve")
	if st := m.Stats(); st.LiveSessions != 0 {
		t.Errorf("destroy left %d sessions", st.LiveSessions)
	}
}

type namedContent struct{ name, content string }

// planFileContents reads every member of a saved plan (a zip archive).
func planFileContents(t *testing.T, path string) []namedContent {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("saved plan: %v", err)
	}
	defer zr.Close()
	var out []namedContent
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, namedContent{f.Name, string(b)})
	}
	if len(out) == 0 {
		t.Fatal("the saved plan is empty")
	}
	return out
}
