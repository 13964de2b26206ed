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
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// reattachedCLI runs the real CLI in a directory of its own against this provider served
// in-process (TF_REATTACH_PROVIDERS), for tests that must read what the CLI prints or writes,
// which terraform-plugin-testing does not expose.
type reattachedCLI struct {
	t        *testing.T
	ctx      context.Context
	cli      string
	dir      string
	reattach string
}

func newReattachedCLI(t *testing.T, config string) *reattachedCLI {
	t.Helper()
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || cli == "" {
		t.Skip("needs TF_ACC and a Terraform or OpenTofu CLI")
	}
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
	config = `terraform {
  required_providers {
    bandwidth = { source = "bandwidth-community/bandwidth" }
  }
}
` + config
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	c := &reattachedCLI{t: t, ctx: ctx, cli: cli, dir: dir, reattach: string(reattachJSON)}
	c.run(nil, "init", "-no-color", "-input=false", "-backend=false")
	return c
}

// run runs the CLI with extra environment variables and returns what it printed; a failure
// fails the test.
func (c *reattachedCLI) run(env []string, args ...string) string {
	c.t.Helper()
	cmd := exec.CommandContext(c.ctx, c.cli, args...)
	cmd.Dir = c.dir
	cmd.Env = append(append(os.Environ(), "TF_REATTACH_PROVIDERS="+c.reattach, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1"), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		c.t.Fatalf("%s %s: %v\n%s", filepath.Base(c.cli), strings.Join(args, " "), err, out)
	}
	return string(out)
}

// cliVersion is the CLI's name (Terraform or OpenTofu) and version.
func cliVersion(t *testing.T) (name string, v *version.Version) {
	t.Helper()
	c := reattachedCLI{ctx: context.Background(), cli: os.Getenv("TF_ACC_TERRAFORM_PATH")}
	out, err := exec.CommandContext(c.ctx, c.cli, "version", "-json").Output()
	var parsed struct {
		Version string `json:"terraform_version"`
	}
	if err != nil || json.Unmarshal(out, &parsed) != nil {
		t.Fatalf("%s version -json: %v", c.cli, err)
	}
	plain, _ := exec.CommandContext(c.ctx, c.cli, "version").Output()
	name = "Terraform"
	if strings.HasPrefix(string(plain), "OpenTofu") {
		name = "OpenTofu"
	}
	v, err = version.NewVersion(parsed.Version)
	if err != nil {
		t.Fatal(err)
	}
	return name, v
}
