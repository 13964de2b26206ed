package provider

import (
	"strings"
	"testing"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// TestAccBasicAuthDeprecation_planShowsWarning runs `plan` with the real CLI against a provider
// block that uses a legacy API user, and reads what the CLI prints (terraform-plugin-testing does
// not expose warnings): the attribute deprecation and the one run warning with the end date, the
// plan itself succeeding.
func TestAccBasicAuthDeprecation_planShowsWarning(t *testing.T) {
	// Credentials of its own, so that finding them in the output means something.
	m := startMock(t, webrtcmock.Options{Username: "legacy-api-user", Password: "pw-Zq81-legacy"})
	cli := newReattachedCLI(t, m.providerBlock()+`
resource "bandwidth_webrtc_session" "room" {
  tag = "room"
}
`)
	out := cli.run(nil, "plan", "-no-color", "-input=false", "-refresh=false")

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
