package docscheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/repo"
)

// tfplugindocs is the documentation generator. `make docs` runs it through this package too
// (TestDocsUpToDate with -update), so docs are generated one way only.
const tfplugindocs = "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs@v0.25.0"

var update = flag.Bool("update", false, "write the generated docs into docs/ instead of comparing them (make docs)")

// providerSource is the provider's registry source, as configurations write it.
const providerSource = "bandwidth-community/bandwidth"

var (
	moduleRoot string // the repository root, where go.mod is
	cliPath    string // terraform or tofu; empty when neither is installed
	workDir    string // scratch space shared by the tests, removed at the end
)

func TestMain(m *testing.M) {
	root, err := repo.Root()
	if err != nil {
		fmt.Fprintln(os.Stderr, "docscheck:", err)
		os.Exit(1)
	}
	moduleRoot = root
	cliPath = findCLI()
	if cliPath == "" {
		fmt.Fprintln(os.Stderr, "\n*** DOCS AND EXAMPLES CHECKS SKIPPED: no terraform or tofu on PATH and TF_ACC_TERRAFORM_PATH unset. ***")
	}
	workDir, err = os.MkdirTemp("", "bandwidth-docscheck")
	if err != nil {
		fmt.Fprintln(os.Stderr, "docscheck:", err)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(workDir)
	os.Exit(code)
}

// findCLI picks the CLI the acceptance tests use: TF_ACC_TERRAFORM_PATH, else terraform, else tofu.
func findCLI() string {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"terraform", "tofu"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// fixture is what every check needs once: the provider built from this tree, a CLI configuration
// that makes terraform use it without `terraform init` (dev_overrides), and its schema.
type fixture struct {
	cliConfig  string
	schemaFile string // the schema as tfplugindocs --providers-schema expects it
	schemaJSON []byte // this provider's part of `providers schema -json`
	schema     providerSchema
}

type providerSchema struct {
	ResourceSchemas   map[string]json.RawMessage `json:"resource_schemas"`
	DataSourceSchemas map[string]json.RawMessage `json:"data_source_schemas"`
	Functions         map[string]json.RawMessage `json:"functions"`
}

var (
	setupOnce sync.Once
	setupFx   *fixture
	setupErr  error
)

func setup(t *testing.T) *fixture {
	t.Helper()
	if cliPath == "" {
		if *update {
			t.Fatal("generating docs needs terraform or tofu on PATH (or TF_ACC_TERRAFORM_PATH)")
		}
		t.Skip("SKIPPED: no terraform or tofu on PATH and TF_ACC_TERRAFORM_PATH unset")
	}
	setupOnce.Do(func() { setupFx, setupErr = newFixture() })
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	return setupFx
}

func newFixture() (*fixture, error) {
	pluginDir := filepath.Join(workDir, "plugins")
	binary := filepath.Join(pluginDir, "terraform-provider-bandwidth")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Dir = moduleRoot
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build the provider: %w\n%s", err, out)
	}

	f := &fixture{cliConfig: filepath.Join(workDir, "cli.tfrc")}
	dir := filepath.ToSlash(pluginDir)
	rc := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/%[1]s" = %[2]q
    "registry.opentofu.org/%[1]s" = %[2]q
  }
  direct {}
}
`, providerSource, dir)
	if err := os.WriteFile(f.cliConfig, []byte(rc), 0o600); err != nil {
		return nil, err
	}

	schemaDir := filepath.Join(workDir, "schema")
	if err := os.MkdirAll(schemaDir, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(schemaDir, "main.tf"), []byte(requiredProviders), 0o600); err != nil {
		return nil, err
	}
	stdout, stderr, err := f.terraform(schemaDir, "providers", "schema", "-json")
	if err != nil {
		return nil, fmt.Errorf("%s providers schema: %v\n%s", cliPath, err, stderr)
	}
	var all struct {
		FormatVersion   string                     `json:"format_version"`
		ProviderSchemas map[string]json.RawMessage `json:"provider_schemas"`
	}
	if err := json.Unmarshal([]byte(stdout), &all); err != nil {
		return nil, fmt.Errorf("parse the provider schema: %w", err)
	}
	var ours json.RawMessage
	for addr, s := range all.ProviderSchemas {
		if strings.HasSuffix(addr, "/"+providerSource) {
			ours = s
		}
	}
	if ours == nil {
		return nil, fmt.Errorf("no schema for %s in `providers schema -json`", providerSource)
	}
	f.schemaJSON = ours
	if err := json.Unmarshal(ours, &f.schema); err != nil {
		return nil, fmt.Errorf("parse the provider schema: %w", err)
	}
	// tfplugindocs looks the schema up under the address its own build would install it at.
	forDocs, err := json.Marshal(map[string]any{
		"format_version":   all.FormatVersion,
		"provider_schemas": map[string]json.RawMessage{"registry.terraform.io/hashicorp/bandwidth": ours},
	})
	if err != nil {
		return nil, err
	}
	f.schemaFile = filepath.Join(workDir, "schema.json")
	return f, os.WriteFile(f.schemaFile, forDocs, 0o600)
}

const requiredProviders = `terraform {
  required_providers {
    bandwidth = {
      source = "` + providerSource + `"
    }
  }
}
`

// terraform runs the CLI in dir with the dev_overrides configuration and nothing from the
// caller's shell that could change its behaviour.
func (f *fixture) terraform(dir string, args ...string) (stdout, stderr string, err error) {
	cmd := exec.Command(cliPath, args...)
	cmd.Dir = dir
	cmd.Env = cleanEnv("TF_CLI_CONFIG_FILE="+f.cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

func cleanEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_CLI_ARGS") || strings.HasPrefix(name, "BW_") || slices.Contains(
			[]string{"TF_CLI_CONFIG_FILE", "TF_DATA_DIR", "TF_WORKSPACE", "TF_LOG", "TF_LOG_PATH", "TF_PLUGIN_CACHE_DIR"}, name) {
			continue
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}

func TestExamplesFormatted(t *testing.T) {
	f := setup(t)
	stdout, stderr, err := f.terraform(moduleRoot, "fmt", "-check", "-recursive", "-diff", "-no-color", "examples")
	if err != nil {
		t.Errorf("examples/ is not formatted canonically; run `make fmt`:\n%s%s", stdout, stderr)
	}
	// Snippets kept out of the configurations (see identitySnippet) are formatted through stdin.
	for _, p := range identitySnippets(t) {
		content, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(cliPath, "fmt", "-no-color", "-")
		cmd.Env = cleanEnv("TF_CLI_CONFIG_FILE="+f.cliConfig, "CHECKPOINT_DISABLE=1")
		cmd.Stdin = bytes.NewReader(content)
		formatted, err := cmd.Output()
		if err != nil {
			t.Errorf("%s fmt %s: %v", cliPath, p, err)
		} else if !bytes.Equal(formatted, content) {
			t.Errorf("%s is not formatted canonically; it should read:\n%s", p, formatted)
		}
	}
}

// identitySnippet is the file name of a resource's import-by-identity example. It is not a .tf
// file, so that neither Terraform before 1.12 (which rejects `identity` in an import block) nor
// tfplugindocs (which renders import-by-identity.tf only when the CLI reports identity schemas,
// which Terraform before 1.12 does not) sees it; the resource template embeds it, and
// TestExamplesValidate validates it whenever the CLI supports resource identity.
const identitySnippet = "import-by-identity.hcl"

func identitySnippets(t *testing.T) []string {
	t.Helper()
	found, err := filepath.Glob(filepath.Join(moduleRoot, "examples", "resources", "*", identitySnippet))
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// exampleDirs lists every directory under examples/ that holds .tf files, relative to examples/.
func exampleDirs(t *testing.T) []string {
	t.Helper()
	var dirs []string
	root := filepath.Join(moduleRoot, "examples")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".tf") {
			rel, err := filepath.Rel(root, filepath.Dir(p))
			if err != nil {
				return err
			}
			if !slices.Contains(dirs, rel) {
				dirs = append(dirs, rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

var moduleCall = regexp.MustCompile(`(?m)^\s*module\s+"`)

// TestExamplesValidate runs `terraform validate` on every example directory against the schema
// of the provider built from this tree. Snippets without a terraform block get the provider's
// required_providers added, as a reader pasting them into a configuration would have it.
func TestExamplesValidate(t *testing.T) {
	f := setup(t)
	identity := bytes.Contains(f.schemaJSON, []byte(`"resource_identity_schemas"`))
	for _, rel := range exampleDirs(t) {
		name := filepath.ToSlash(rel)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(workDir, "validate", strings.ReplaceAll(name, "/", "__"))
			if err := repo.CopyConfiguration(filepath.Join(moduleRoot, "examples", rel), dir); err != nil {
				t.Fatal(err)
			}
			sources, err := concatTF(dir)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(sources, "required_providers") {
				if err := os.WriteFile(filepath.Join(dir, "zz_required_providers.tf"), []byte(requiredProviders), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if moduleCall.MatchString(sources) {
				// Local modules only need recording; `get` does that without any registry.
				if _, stderr, err := f.terraform(dir, "get", "-no-color"); err != nil {
					t.Fatalf("%s get: %v\n%s", cliPath, err, stderr)
				}
			}
			f.validate(t, dir, "examples/"+name)

			if _, err := os.Stat(filepath.Join(dir, identitySnippet)); err != nil {
				return
			}
			if !identity {
				t.Logf("examples/%s/%s not validated: %s does not support resource identity", name, identitySnippet, cliPath)
				return
			}
			// The identity import replaces the import by id: one import block per resource.
			if err := os.Remove(filepath.Join(dir, "import-by-string-id.tf")); err != nil && !errors.Is(err, fs.ErrNotExist) {
				t.Fatal(err)
			}
			if err := os.Rename(filepath.Join(dir, identitySnippet), filepath.Join(dir, "zz_import_by_identity.tf")); err != nil {
				t.Fatal(err)
			}
			f.validate(t, dir, "examples/"+name+"/"+identitySnippet)
		})
	}
}

// validate runs `terraform validate` in dir and reports every diagnostic but the warning that
// dev_overrides are in effect.
func (f *fixture) validate(t *testing.T, dir, label string) {
	t.Helper()
	stdout, stderr, _ := f.terraform(dir, "validate", "-json", "-no-color")
	var result struct {
		Valid       bool `json:"valid"`
		Diagnostics []struct {
			Severity string `json:"severity"`
			Summary  string `json:"summary"`
			Detail   string `json:"detail"`
			Range    *struct {
				Filename string `json:"filename"`
				Start    struct {
					Line int `json:"line"`
				} `json:"start"`
			} `json:"range"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(stdout), &result); err != nil {
		t.Fatalf("%s validate gave no JSON result (%v):\n%s%s", cliPath, err, stdout, stderr)
	}
	for _, d := range result.Diagnostics {
		if d.Severity == "warning" && strings.Contains(d.Summary, "development overrides") {
			continue
		}
		where := ""
		if d.Range != nil {
			where = fmt.Sprintf(" (%s line %d)", d.Range.Filename, d.Range.Start.Line)
		}
		t.Errorf("%s: %s: %s%s\n%s", label, d.Severity, d.Summary, where, d.Detail)
	}
	if !result.Valid && len(result.Diagnostics) == 0 {
		t.Errorf("%s is not valid:\n%s", label, stderr)
	}
}

// TestExamplesCoverSchema requires the files tfplugindocs embeds for every resource, data source
// and function the provider has, and no example directory for one it does not have.
func TestExamplesCoverSchema(t *testing.T) {
	f := setup(t)
	examples := filepath.Join(moduleRoot, "examples")
	requireFile := func(rel string) {
		if _, err := os.Stat(filepath.Join(examples, rel)); err != nil {
			t.Errorf("missing examples/%s", filepath.ToSlash(rel))
		}
	}
	requireFile(filepath.Join("provider", "provider.tf"))
	for _, kind := range []struct {
		dir   string
		names map[string]json.RawMessage
		files []string
	}{
		{"resources", f.schema.ResourceSchemas, []string{"resource.tf", "import.sh", "import-by-string-id.tf", identitySnippet}},
		{"data-sources", f.schema.DataSourceSchemas, []string{"data-source.tf"}},
		{"functions", f.schema.Functions, []string{"function.tf"}},
	} {
		for name := range kind.names {
			for _, file := range kind.files {
				requireFile(filepath.Join(kind.dir, name, file))
			}
		}
		entries, err := os.ReadDir(filepath.Join(examples, kind.dir))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		for _, e := range entries {
			if _, ok := kind.names[e.Name()]; e.IsDir() && !ok {
				t.Errorf("examples/%s/%s documents something the provider does not have", kind.dir, e.Name())
			}
		}
	}
}

// TestDocsUpToDate generates the docs into a scratch copy of templates/ and examples/ and
// requires docs/ to match byte for byte, then runs `tfplugindocs validate` on the result. With
// -update (`make docs`) it replaces docs/ with what it generated instead of comparing.
//
// tfplugindocs gets the schema from the CLI the other checks use rather than building the
// provider and finding a terraform itself, so the result is the same with Terraform or OpenTofu.
func TestDocsUpToDate(t *testing.T) {
	f := setup(t)
	gen := filepath.Join(workDir, "docs-gen")
	for _, d := range []string{"templates", "examples"} {
		if err := repo.CopyConfiguration(filepath.Join(moduleRoot, d), filepath.Join(gen, d)); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("go", append([]string{"run", tfplugindocs}, args...)...)
		cmd.Dir = gen
		cmd.Env = cleanEnv("CHECKPOINT_DISABLE=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("tfplugindocs %s: %v\n%s", args[0], err, out)
		}
	}
	common := []string{"--provider-dir", gen, "--provider-name", "bandwidth", "--providers-schema", f.schemaFile}
	run(append([]string{"generate"}, common...)...)
	run(append([]string{"validate"}, common...)...)

	if *update {
		docs := filepath.Join(moduleRoot, "docs")
		if err := os.RemoveAll(docs); err != nil {
			t.Fatal(err)
		}
		if err := repo.CopyConfiguration(filepath.Join(gen, "docs"), docs); err != nil {
			t.Fatal(err)
		}
		t.Logf("regenerated %s", docs)
		return
	}

	want, err := readTree(filepath.Join(gen, "docs"))
	if err != nil {
		t.Fatal(err)
	}
	have, err := readTree(filepath.Join(moduleRoot, "docs"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	var stale []string
	for name, content := range want {
		switch old, ok := have[name]; {
		case !ok:
			stale = append(stale, "docs/"+name+" is missing")
		case !bytes.Equal(old, content):
			stale = append(stale, "docs/"+name+" differs:\n"+lineDiff(old, content))
		}
	}
	for name := range have {
		if _, ok := want[name]; !ok {
			stale = append(stale, "docs/"+name+" is no longer generated")
		}
	}
	if len(stale) > 0 {
		slices.Sort(stale)
		t.Errorf("docs/ is out of date with the schema, templates/ or examples/; run `make docs`.\n%s", strings.Join(stale, "\n"))
	}
}

// TestIndexListsEveryEnvironmentVariable keeps the hand-written table of environment variables
// in templates/index.md.tmpl in step with the variables the schema's descriptions name.
func TestIndexListsEveryEnvironmentVariable(t *testing.T) {
	f := setup(t)
	index, err := os.ReadFile(filepath.Join(moduleRoot, "templates", "index.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	envVar := regexp.MustCompile(`\bBW_[A-Z0-9_]+\b`)
	inSchema := envVar.FindAllString(string(f.schemaJSON), -1)
	inIndex := envVar.FindAllString(string(index), -1)
	for _, name := range inSchema {
		if !slices.Contains(inIndex, name) {
			t.Errorf("the schema documents %s but templates/index.md.tmpl does not", name)
		}
	}
	for _, name := range inIndex {
		if !slices.Contains(inSchema, name) {
			t.Errorf("templates/index.md.tmpl documents %s but no schema description does", name)
		}
	}
}

// lineDiff shows where two versions of a file part ways: the first differing line with a few
// lines of context. Enough to see what changed; `make docs` then `git diff` shows the rest.
func lineDiff(old, updated []byte) string {
	a, b := strings.Split(string(old), "\n"), strings.Split(string(updated), "\n")
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	var sb strings.Builder
	for j := max(0, i-2); j < i; j++ {
		fmt.Fprintf(&sb, "    %4d   %s\n", j+1, a[j])
	}
	for j := i; j < min(len(a), i+3); j++ {
		fmt.Fprintf(&sb, "  - %4d   %s\n", j+1, a[j])
	}
	for j := i; j < min(len(b), i+3); j++ {
		fmt.Fprintf(&sb, "  + %4d   %s\n", j+1, b[j])
	}
	return sb.String()
}

// readTree reads every file under dir, keyed by slash-separated path relative to dir.
func readTree(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		content, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = content
		return err
	})
	return files, err
}

// concatTF returns the .tf files directly in dir, concatenated.
func concatTF(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".tf") {
			content, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				return "", err
			}
			sb.Write(content)
			sb.WriteByte('\n')
		}
	}
	return sb.String(), nil
}
