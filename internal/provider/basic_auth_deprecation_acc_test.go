package provider

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtcmock"
)

// TestAccBasicAuthDeprecation_planShowsWarning runs `plan` with the real CLI against a provider
// block that uses a legacy API user, and reads what the CLI prints (terraform-plugin-testing does
// not expose warnings): the attribute deprecation and the one run warning with the end date, the
// plan itself succeeding. The provider is served in-process and reached with TF_REATTACH_PROVIDERS.
func TestAccBasicAuthDeprecation_planShowsWarning(t *testing.T) {
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || cli == "" {
		t.Skip("needs TF_ACC and a Terraform or OpenTofu CLI")
	}
	// Credentials of its own, so that finding them in the output means something.
	m := startMock(t, webrtcmock.Options{Username: "legacy-api-user", Password: "pw-Zq81-legacy"})
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	address := host + "/bandwidth-community/bandwidth"

	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	go func() {
		_ = tf6server.Serve(address, func() tfprotov6.ProviderServer {
			s, _ := protoV6ProviderFactories["bandwidth"]()
			return s
		}, tf6server.WithDebug(ctx, reattach, closed), tf6server.WithLoggingSink(t),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()))
	}()
	t.Cleanup(func() { cancel(); <-closed })
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-reattach:
	case <-time.After(30 * time.Second):
		t.Fatal("the provider server did not start")
	}
	reattachJSON, err := json.Marshal(map[string]any{address: map[string]any{
		"Protocol": "grpc", "ProtocolVersion": 6, "Pid": cfg.Pid, "Test": true,
		"Addr": map[string]string{"Network": cfg.Addr.Network(), "String": cfg.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	config := `terraform {
  required_providers {
    bandwidth = { source = "bandwidth-community/bandwidth" }
  }
}
` + m.providerBlock() + `
resource "bandwidth_webrtc_session" "room" {
  tag = "room"
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string {
		cmd := exec.CommandContext(ctx, cli, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+string(reattachJSON), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", filepath.Base(cli), strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("init", "-no-color", "-input=false", "-backend=false")
	out := run("plan", "-no-color", "-input=false", "-refresh=false")

	if strings.Contains(out, m.opts.Password) {
		t.Fatal("the plan output shows the password")
	}
	if !strings.Contains(out, "bandwidth_webrtc_session.room will be created") {
		t.Errorf("the plan with Basic credentials did not go through:\n%s", out)
	}
	if n := strings.Count(out, "Warning: Username/password API users end on 2026-12-02"); n != 1 {
		t.Errorf("the run warning appears %d times, want once:\n%s", n, out)
	}
	for _, want := range []string{"client_id and client_secret", "Deprecated"} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan output lacks %q:\n%s", want, out)
		}
	}
}
