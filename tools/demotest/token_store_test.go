package demotest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/secrets"
	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/repo"
)

const providerPackage = "github.com/bandwidth-community/terraform-provider-bandwidth"

// jwtPattern is what a participant token looks like; no JWT at all belongs in the CLI's output.
var jwtPattern = secrets.JWT

// rotated is the participant replaced midway, to see a new token reach the store and the plan of
// a replacement show none of the tokens.
const rotated = `module.environment["dev"].bandwidth_webrtc_participant.member["alice"]`

// TestTokenStorePattern runs examples/demo as `make demo` does (apply, output, plan, a
// replacement, destroy) under Terraform and under OpenTofu, and requires that nothing either CLI
// prints holds a participant token, the client secret or an access token, while the state does
// hold the tokens and the token store receives every one of them.
func TestTokenStorePattern(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("SKIPPED: set TF_ACC=1 (make test does) to run examples/demo through the real Terraform and OpenTofu CLIs")
	}
	root, err := repo.Root()
	if err != nil {
		t.Fatal(err)
	}
	plugins := buildProvider(t)

	t.Run("terraform", func(t *testing.T) {
		cli := findTerraform()
		if cli == "" {
			t.Skip("*** SKIPPED: no terraform on PATH (nor TF_ACC_TERRAFORM_PATH naming one): install Terraform >= 1.5 ***")
		}
		runDemo(t, root, plugins, cli)
	})
	t.Run("opentofu", func(t *testing.T) {
		cli, err := findTofu(root)
		if err != nil {
			t.Fatal(err)
		}
		if cli == "" {
			t.Skip("*** SKIPPED: no OpenTofu: `make testacc-tofu` builds OpenTofu into bin/tofu (about 3 minutes), " +
				"or put tofu on PATH, or set TOFU_PATH ***")
		}
		runDemo(t, root, plugins, cli)
	})
}

func findTerraform() string {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" && strings.Contains(filepath.Base(p), "terraform") {
		return p
	}
	p, _ := exec.LookPath("terraform")
	return p
}

// findTofu is $TOFU_PATH, else the bin/tofu `make testacc-tofu` builds, else tofu on PATH, else
// TF_ACC_TERRAFORM_PATH when it names tofu.
func findTofu(root string) (string, error) {
	if p := os.Getenv("TOFU_PATH"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("TOFU_PATH=%s: %w", p, err)
		}
		return p, nil
	}
	if p := filepath.Join(root, "bin", "tofu"); isExecutable(p) {
		return p, nil
	}
	if p, err := exec.LookPath("tofu"); err == nil {
		return p, nil
	}
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" && strings.Contains(filepath.Base(p), "tofu") {
		return p, nil
	}
	return "", nil
}

func isExecutable(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular() && info.Mode()&0o111 != 0
}

// buildProvider builds the provider from this tree into a directory dev_overrides can name.
func buildProvider(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	binary := filepath.Join(dir, "terraform-provider-bandwidth")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	out, err := exec.Command("go", "build", "-o", binary, providerPackage).CombinedOutput()
	if err != nil {
		t.Fatalf("go build %s: %v\n%s", providerPackage, err, out)
	}
	return dir
}

// run is one pass of the demo under one CLI.
type run struct {
	t       *testing.T
	ctx     context.Context
	cli     string
	dir     string // the configuration, a copy of examples/demo
	env     map[string]string
	tf      *tfexec.Terraform
	out     *capture
	mock    *webrtcmock.Mock
	secret  string            // the OAuth2 client secret
	seen    map[string]string // every participant token seen in state -> a name for it safe to print
	version string
}

type token struct {
	value, env, member string
}

func runDemo(t *testing.T, root, plugins, cli string) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	opts := webrtcmock.Options{}.WithDefaults()
	mock := webrtcmock.New(opts)
	srv, err := mock.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })

	work := t.TempDir()
	dir := filepath.Join(work, "demo")
	if err := repo.CopyConfiguration(filepath.Join(root, "examples", "demo"), dir); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(work, "cli.tfrc")
	plugins = filepath.ToSlash(plugins)
	if err := os.WriteFile(rc, []byte(fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/bandwidth-community/bandwidth" = %[1]q
    "registry.opentofu.org/bandwidth-community/bandwidth" = %[1]q
  }
  direct {}
}
`, plugins)), 0o600); err != nil {
		t.Fatal(err)
	}

	// The caller's environment minus anything that could point the CLI or the provider elsewhere.
	env := map[string]string{}
	for _, kv := range os.Environ() {
		name, value, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "BW_") && !strings.HasPrefix(name, "TF_") {
			env[name] = value
		}
	}
	for k, v := range map[string]string{
		"TF_CLI_CONFIG_FILE": rc,
		"CHECKPOINT_DISABLE": "1",
		"BW_ACCOUNT_ID":      opts.AccountID,
		"BW_CLIENT_ID":       opts.ClientID,
		"BW_CLIENT_SECRET":   opts.ClientSecret,
		"BW_WEBRTC_BASE_URL": srv.BaseURL(),
		"BW_OAUTH_TOKEN_URL": srv.TokenURL(),
	} {
		env[k] = v
	}

	tf, err := tfexec.NewTerraform(dir, cli)
	if err != nil {
		t.Fatal(err)
	}
	if err := tf.SetEnv(env); err != nil {
		t.Fatal(err)
	}
	r := &run{t: t, ctx: ctx, cli: cli, dir: dir, env: env, tf: tf, out: &capture{}, mock: mock,
		secret: opts.ClientSecret, seen: map[string]string{}}
	tf.SetStdout(r.out)
	tf.SetStderr(r.out)
	r.version = r.cliVersion()

	// No `terraform init`: under dev_overrides it still asks a registry. Local modules only need
	// recording, which `terraform get` does offline.
	r.step("get", func() error { return tf.Get(ctx) })
	r.step("apply", func() error { return tf.Apply(ctx) })
	first := r.stateTokens()
	if len(first) != 9 {
		t.Fatalf("the state holds %d participant tokens after apply, want 9 (3 environments: 2 + 3 + 4 members)", len(first))
	}
	r.checkStore(first)

	r.step("output", func() error { return r.raw("output", "-no-color") })
	r.checkOutputs(first)
	r.step("plan", func() error {
		changes, err := tf.Plan(ctx)
		if err == nil && changes {
			err = errors.New("the plan after apply is not empty")
		}
		return err
	})

	// A new token for one participant: the store must get it, and the plan showing the
	// replacement (old values -> new) must show no token either.
	r.step("apply -replace", func() error { return tf.Apply(ctx, tfexec.Replace(rotated)) })
	second := r.stateTokens()
	if len(second) != 9 {
		t.Fatalf("the state holds %d participant tokens after the replacement, want 9", len(second))
	}
	if second[rotated].value == first[rotated].value {
		t.Errorf("%s kept its token through -replace", rotated)
	}
	for addr, tok := range first {
		if addr != rotated && second[addr].value != tok.value {
			t.Errorf("%s has a new token, but only %s was replaced", addr, rotated)
		}
	}
	r.checkStore(second)

	r.step("destroy", func() error { return tf.Destroy(ctx) })
	if s := mock.Stats(); s.LiveParticipants != 0 || s.LiveSessions != 0 {
		t.Errorf("after destroy the mock still has %d participants and %d sessions", s.LiveParticipants, s.LiveSessions)
	}
	if files := storeFiles(t, dir); len(files) != 0 {
		t.Errorf("after destroy the token store still holds %d secrets", len(files))
	}
	if len(mock.IssuedAccessTokens()) == 0 {
		t.Errorf("the mock issued no access token: the provider did not use OAuth2, so the scan for access tokens proved nothing")
	}

	r.scan()
	t.Logf("%s: get, apply, output, plan, apply -replace, destroy in %s; %d tokens, %d access tokens, %d bytes of CLI output scanned",
		r.version, time.Since(start).Round(100*time.Millisecond), len(r.seen), len(mock.IssuedAccessTokens()), r.out.size())
}

// step runs one CLI command, its output captured under label; a failure shows that output with
// every secret redacted.
func (r *run) step(label string, f func() error) {
	r.t.Helper()
	r.out.begin(label)
	if err := f(); err != nil {
		r.t.Fatalf("%s %s: %s\n--- its output, secrets redacted ---\n%s", filepath.Base(r.cli), label,
			r.redact(err.Error()), r.redact(r.out.text(label)))
	}
}

// raw runs a CLI command tfexec has no human-readable form of (`output` without -json).
func (r *run) raw(args ...string) error {
	cmd := exec.CommandContext(r.ctx, r.cli, args...)
	cmd.Dir = r.dir
	for k, v := range r.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Env = append(cmd.Env, "TF_IN_AUTOMATION=1")
	cmd.Stdout, cmd.Stderr = r.out, r.out
	return cmd.Run()
}

func (r *run) cliVersion() string {
	cmd := exec.Command(r.cli, "version")
	for k, v := range r.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.Output()
	if err != nil {
		return filepath.Base(r.cli)
	}
	first, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(first)
}

// checkOutputs reads the outputs as JSON, which prints sensitive values by design, so its
// stdout stays out of the scanned capture.
func (r *run) checkOutputs(tokens map[string]token) {
	r.t.Helper()
	r.tf.SetStdout(io.Discard)
	defer r.tf.SetStdout(r.out)
	r.out.begin("output -json (stdout not scanned)")
	outputs, err := r.tf.Output(r.ctx)
	if err != nil {
		r.t.Fatalf("output -json: %s", r.redact(err.Error()))
	}
	if !outputs["tokens"].Sensitive {
		r.t.Errorf(`output "tokens" is not sensitive`)
	}
	var byEnv map[string]map[string]string
	if err := json.Unmarshal(outputs["tokens"].Value, &byEnv); err != nil {
		r.t.Fatalf(`output "tokens" is not a map of maps of strings: %v`, err)
	}
	for addr, tok := range tokens {
		if byEnv[tok.env][tok.member] != tok.value {
			r.t.Errorf(`output "tokens" does not hold the token of %s`, addr)
		}
	}
	if outputs["stored_secrets"].Sensitive {
		r.t.Errorf(`output "stored_secrets" is sensitive: secret names are not secret`)
	}
	var names map[string][]string
	if err := json.Unmarshal(outputs["stored_secrets"].Value, &names); err != nil {
		r.t.Fatalf(`output "stored_secrets" is not a map of lists of strings: %v`, err)
	}
	for _, tok := range tokens {
		if !slices.Contains(names[tok.env], secretName(tok)) {
			r.t.Errorf(`output "stored_secrets" lacks %s`, secretName(tok))
		}
	}
}

func secretName(tok token) string { return "webrtc-token-" + tok.env + "-" + tok.member }

var environmentModule = regexp.MustCompile(`^module\.environment\["([^"]+)"\]$`)

// stateTokens reads every participant's token from the state file, and remembers them for the scan.
func (r *run) stateTokens() map[string]token {
	r.t.Helper()
	raw, err := os.ReadFile(filepath.Join(r.dir, "terraform.tfstate"))
	if err != nil {
		r.t.Fatal(err)
	}
	var state struct {
		Resources []struct {
			Module    string `json:"module"`
			Mode      string `json:"mode"`
			Type      string `json:"type"`
			Name      string `json:"name"`
			Instances []struct {
				IndexKey   any            `json:"index_key"`
				Attributes map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &state); err != nil {
		r.t.Fatalf("parse the state: %v", err)
	}
	tokens := map[string]token{}
	for _, res := range state.Resources {
		if res.Mode != "managed" || res.Type != "bandwidth_webrtc_participant" {
			continue
		}
		env := environmentModule.FindStringSubmatch(res.Module)
		for _, inst := range res.Instances {
			member, _ := inst.IndexKey.(string)
			addr := fmt.Sprintf("%s.%s.%s[%q]", res.Module, res.Type, res.Name, member)
			value, _ := inst.Attributes["token"].(string)
			if env == nil || member == "" {
				r.t.Fatalf("unexpected participant %s in the state", addr)
			}
			if m := jwtPattern.FindString(value); m == "" || m != value {
				r.t.Fatalf("the state holds no token (a JWT) for %s", addr)
			}
			tokens[addr] = token{value: value, env: env[1], member: member}
			if _, ok := r.seen[value]; !ok {
				r.seen[value] = fmt.Sprintf("the participant token of %s (in state after `%s`)", addr, r.out.current())
			}
		}
	}
	return tokens
}

// checkStore requires the token store to hold exactly the state's tokens, one file each, readable
// by its owner only.
func (r *run) checkStore(tokens map[string]token) {
	r.t.Helper()
	files := storeFiles(r.t, r.dir)
	if len(files) != len(tokens) {
		r.t.Errorf("the token store holds %d secrets, want %d", len(files), len(tokens))
		if len(files) == 0 {
			return
		}
	}
	for addr, tok := range tokens {
		p := filepath.Join(r.dir, ".token-store", secretName(tok))
		got, err := os.ReadFile(p)
		switch {
		case err != nil:
			r.t.Errorf("the token store has no %s for %s: %v", secretName(tok), addr, err)
			continue
		case string(got) != tok.value:
			r.t.Errorf("the token store's %s does not hold the token of %s (%d bytes, want %d)", secretName(tok), addr, len(got), len(tok.value))
		}
		if info, err := os.Stat(p); err == nil && runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
			r.t.Errorf("the token store's %s has mode %v, want -rw-------", secretName(tok), info.Mode().Perm())
		}
	}
}

func storeFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, ".token-store"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() {
			files = append(files, e.Name())
		}
	}
	return files
}

// secret is one value that must not appear in the CLI's output, with a name safe to print.
type secret struct{ name, value string }

func (r *run) secrets() []secret {
	list := []secret{{"the OAuth2 client secret", r.secret}}
	for i, at := range r.mock.IssuedAccessTokens() {
		list = append(list, secret{fmt.Sprintf("access token #%d issued by the mock", i+1), at})
	}
	for value, name := range r.seen {
		list = append(list, secret{name, value})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].name < list[j].name })
	return list
}

// scan reports every secret, JWT or bearer credential in the captured output by command, line
// and column, never by value.
func (r *run) scan() {
	r.t.Helper()
	var leaks []string
	for _, sec := range r.out.all() {
		text := sec.text
		known := map[int]bool{} // where a known secret starts, so that its JWT is not counted twice
		for _, s := range r.secrets() {
			for _, at := range indexAll(text, s.value) {
				known[at] = true
				leaks = append(leaks, fmt.Sprintf("%s (%d characters) in the output of `%s`, %s", s.name, len(s.value), sec.label, position(text, at)))
			}
		}
		for _, m := range jwtPattern.FindAllStringIndex(text, -1) {
			if !known[m[0]] {
				leaks = append(leaks, fmt.Sprintf("an unknown JWT (%d characters) in the output of `%s`, %s", m[1]-m[0], sec.label, position(text, m[0])))
			}
		}
		for _, at := range indexAll(text, "Bearer ") {
			leaks = append(leaks, fmt.Sprintf("a bearer credential in the output of `%s`, %s", sec.label, position(text, at)))
		}
	}
	if len(leaks) > 0 {
		r.t.Errorf("%s printed secrets %d times (values redacted):\n  %s", r.version, len(leaks), strings.Join(leaks, "\n  "))
	}
}

func indexAll(text, s string) []int {
	var at []int
	if s == "" {
		return nil
	}
	for i := 0; ; {
		j := strings.Index(text[i:], s)
		if j < 0 {
			return at
		}
		at = append(at, i+j)
		i += j + len(s)
	}
}

func position(text string, offset int) string {
	line := strings.Count(text[:offset], "\n") + 1
	col := offset - strings.LastIndex(text[:offset], "\n")
	return fmt.Sprintf("line %d column %d", line, col)
}

// redact replaces every known secret and anything shaped like one, for failure messages.
func (r *run) redact(text string) string {
	for _, s := range r.secrets() {
		if s.value != "" {
			text = strings.ReplaceAll(text, s.value, "[REDACTED]")
		}
	}
	text = jwtPattern.ReplaceAllString(text, "[REDACTED JWT]")
	return regexp.MustCompile(`Bearer \S+`).ReplaceAllString(text, "Bearer [REDACTED]")
}

// capture collects the CLI's stdout and stderr, which tfexec and os/exec write from two
// goroutines, in sections named after the command that printed them.
type capture struct {
	mu       sync.Mutex
	sections []section
}

type section struct {
	label string
	text  string
}

func (c *capture) begin(label string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sections = append(c.sections, section{label: label})
}

func (c *capture) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.sections) == 0 {
		c.sections = append(c.sections, section{label: "(before the first command)"})
	}
	c.sections[len(c.sections)-1].text += string(p)
	return len(p), nil
}

func (c *capture) current() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.sections) == 0 {
		return ""
	}
	return c.sections[len(c.sections)-1].label
}

func (c *capture) text(label string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var b bytes.Buffer
	for _, s := range c.sections {
		if s.label == label {
			b.WriteString(s.text)
		}
	}
	return b.String()
}

func (c *capture) all() []section {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.sections)
}

func (c *capture) size() int {
	n := 0
	for _, s := range c.all() {
		n += len(s.text)
	}
	return n
}
