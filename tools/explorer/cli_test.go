package explorer

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ProviderPackage is the provider's main package, built once per test process.
const ProviderPackage = "github.com/bandwidth-community/terraform-provider-bandwidth"

// providerSources are the registry addresses the provider is known by, for Terraform and OpenTofu.
var providerSources = []string{
	"registry.terraform.io/bandwidth-community/bandwidth",
	"registry.opentofu.org/bandwidth-community/bandwidth",
}

// ErrNoCLI says that neither Terraform nor OpenTofu could be found.
var ErrNoCLI = errors.New("no Terraform CLI: set TF_ACC_TERRAFORM_PATH, or put terraform (>= 1.5) or tofu (>= 1.6) on PATH; " +
	"see /work/shared/TOOLCHAIN.md or README.md for how to install one offline")

// FindCLI is $TF_ACC_TERRAFORM_PATH, else terraform on PATH, else tofu.
func FindCLI() (string, error) {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("TF_ACC_TERRAFORM_PATH=%s: %w", p, err)
		}
		return p, nil
	}
	for _, name := range []string{"terraform", "tofu"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoCLI
}

// Toolchain is what every run shares: the CLI, the freshly built provider and a CLI
// configuration whose dev_overrides point at it.
type Toolchain struct {
	CLI         string // terraform or tofu binary
	ProviderDir string // holds terraform-provider-bandwidth
	CLIConfig   string // TF_CLI_CONFIG_FILE
}

// ProviderBinaryEnv names a prebuilt provider binary to use instead of building one (to replay
// a finding against an older or newer build).
const ProviderBinaryEnv = "EXPLORER_PROVIDER_BINARY"

// BuildToolchain builds the provider into dir (always, so a test run picks up the current
// source; $EXPLORER_PROVIDER_BINARY instead names a prebuilt one) and writes the CLI
// configuration there.
func BuildToolchain(dir, cli string) (*Toolchain, error) {
	providerDir := filepath.Join(dir, "plugins")
	if err := os.MkdirAll(providerDir, 0o755); err != nil {
		return nil, err
	}
	binary := filepath.Join(providerDir, "terraform-provider-bandwidth")
	if prebuilt := os.Getenv(ProviderBinaryEnv); prebuilt != "" {
		abs, err := filepath.Abs(prebuilt)
		if err != nil {
			return nil, err
		}
		if err := os.Symlink(abs, binary); err != nil {
			return nil, err
		}
	} else {
		goBin, err := exec.LookPath("go")
		if err != nil {
			return nil, fmt.Errorf("go not on PATH: %w", err)
		}
		build := exec.Command(goBin, "build", "-o", binary, ProviderPackage)
		if out, err := build.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go build %s: %w\n%s", ProviderPackage, err, out)
		}
	}
	var rc strings.Builder
	rc.WriteString("provider_installation {\n  dev_overrides {\n")
	for _, source := range providerSources {
		fmt.Fprintf(&rc, "    %q = %q\n", source, providerDir)
	}
	rc.WriteString("  }\n  direct {}\n}\n")
	config := filepath.Join(dir, "explorer.tfrc")
	if err := os.WriteFile(config, []byte(rc.String()), 0o644); err != nil {
		return nil, err
	}
	return &Toolchain{CLI: cli, ProviderDir: providerDir, CLIConfig: config}, nil
}

// cliEnv is the environment for every CLI run: the caller's, minus anything that could point the
// provider or the CLI elsewhere (BW_*, TF_*), plus the CLI configuration and no checkpoint calls.
func (tc *Toolchain) cliEnv() map[string]string {
	env := map[string]string{}
	for _, kv := range os.Environ() {
		name, value, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "BW_") || strings.HasPrefix(name, "TF_") {
			continue
		}
		env[name] = value
	}
	env["TF_CLI_CONFIG_FILE"] = tc.CLIConfig
	env["CHECKPOINT_DISABLE"] = "1"
	return env
}
