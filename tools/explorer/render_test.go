package explorer

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Connection is where and how the rendered provider block reaches the mock.
type Connection struct {
	AccountID    string
	BaseURL      string
	TokenURL     string
	ClientID     string
	ClientSecret string
}

// tokenStoreSource is examples/demo's token store, the pattern users copy: it receives one
// environment's tokens as a sensitive input and writes each to a file only its owner can read,
// keeping no copy of a token in state or in a plan. The explorer runs that very module.
func tokenStoreSource() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "examples", "demo", "modules", "token-store", "main.tf")
}

// tokenStoreFiles is where the token store writes, relative to the work dir.
const tokenStoreFiles = ".token-store"

// tokenStoreDir is the local module's directory inside a work dir.
const tokenStoreDir = "modules/token-store"

// writeModule puts the token store module under dir.
func writeModule(dir string) error {
	moduleDir := filepath.Join(dir, tokenStoreDir)
	if err := os.MkdirAll(moduleDir, 0o755); err != nil {
		return err
	}
	module, err := os.ReadFile(tokenStoreSource())
	if err != nil {
		return fmt.Errorf("read the demo's token store module: %w", err)
	}
	return os.WriteFile(filepath.Join(moduleDir, "main.tf"), module, 0o644)
}

// Render is the model as a root module.
func Render(m *Model, conn Connection) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w(`terraform {
  required_providers {
    bandwidth = {
      source = "bandwidth-community/bandwidth"
    }
  }
}

provider "bandwidth" {
  account_id      = %q
  base_url        = %q
  oauth_token_url = %q
  client_id       = %q
  client_secret   = %q
`, conn.AccountID, conn.BaseURL, conn.TokenURL, conn.ClientID, conn.ClientSecret)
	w("}\n")

	envs := m.EnvNames()
	for _, env := range envs {
		e := m.Envs[env]
		w("\nresource \"bandwidth_webrtc_session\" %q {\n  tag = %q\n}\n", env, e.SessionTag)
		w("\ndata \"bandwidth_webrtc_session\" %q {\n  id = bandwidth_webrtc_session.%s.id\n}\n", env, env)
		var members []string
		for _, p := range m.ParticipantsIn(env) {
			if p.Member {
				members = append(members, "bandwidth_webrtc_session_participant."+p.Name)
			}
		}
		// Read at every plan; not checked against the memberships, as Terraform may read it
		// before a membership that is going away has gone.
		w("\ndata \"bandwidth_webrtc_session_participants\" %q {\n  session_id = bandwidth_webrtc_session.%s.id\n", env, env)
		if len(members) > 0 {
			w("  depends_on = [%s]\n", strings.Join(members, ", "))
		}
		w("}\n")
	}

	for _, name := range m.ParticipantNames() {
		p := m.Participants[name]
		w("\nresource \"bandwidth_webrtc_participant\" %q {\n  tag = %q\n", name, p.Tag)
		if p.Perms != nil {
			w("  publish_permissions = [%s]\n", quoteAll(p.Perms))
		}
		if p.RenewBefore != "" {
			w("  renew_before = %q\n", p.RenewBefore)
		}
		renderSubs(&b, p.OwnSubs, p.Env)
		if p.CBD {
			w("\n  lifecycle {\n    create_before_destroy = true\n  }\n")
		}
		w("}\n")
		if p.Member {
			w("\nresource \"bandwidth_webrtc_session_participant\" %q {\n", name)
			w("  session_id     = bandwidth_webrtc_session.%s.id\n", p.Env)
			w("  participant_id = bandwidth_webrtc_participant.%s.id\n", name)
			renderSubs(&b, p.MemberSubs, p.Env)
			w("}\n")
		}
	}

	// Tokens flow, still sensitive, into one token store per environment.
	w("\nlocals {\n")
	for _, local := range []struct{ name, attribute string }{{"tokens", "token"}, {"token_versions", "id"}} {
		w("  %s = {\n", local.name)
		for _, env := range envs {
			w("    %s = {\n", env)
			for _, p := range m.ParticipantsIn(env) {
				w("      %s = bandwidth_webrtc_participant.%s.%s\n", p.Name, p.Name, local.attribute)
			}
			w("    }\n")
		}
		w("  }\n")
	}
	w("}\n")
	w(`
module "token_store" {
  source   = "./%s"
  for_each = toset([%s])

  environment    = each.key
  tokens         = local.tokens[each.key]
  token_versions = local.token_versions[each.key]
}

output "tokens" {
  value     = local.tokens
  sensitive = true
}
`, tokenStoreDir, quoteAll(envs))
	w("\noutput \"session_tags\" {\n  value = {\n")
	for _, env := range envs {
		w("    %s = data.bandwidth_webrtc_session.%s.tag\n", env, env)
	}
	w("  }\n}\n")
	w("\noutput \"stored_secrets\" {\n  value = { for env, s in module.token_store : env => s.secret_names }\n}\n")
	return b.String()
}

func renderSubs(b *strings.Builder, s Subs, env string) {
	switch s.Mode {
	case SubsWhole:
		fmt.Fprintf(b, "  subscriptions = {\n    session_id = bandwidth_webrtc_session.%s.id\n  }\n", env)
	case SubsSome:
		fmt.Fprintf(b, "  subscriptions = {\n    session_id = bandwidth_webrtc_session.%s.id\n    participants = [\n", env)
		for _, name := range s.Of {
			fmt.Fprintf(b, "      { participant_id = bandwidth_webrtc_participant.%s.id },\n", name)
		}
		b.WriteString("    ]\n  }\n")
	}
}

func quoteAll(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(quoted, ", ")
}
