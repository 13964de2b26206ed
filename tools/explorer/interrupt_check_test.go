package explorer

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// interruptedParticipants is how many participants the interrupt test configures: more than
// Terraform creates at once (-parallelism=10), so that some creates are in flight and others not
// yet sent when the SIGINT lands.
const interruptedParticipants = 24

// An apply of a session and 24 participants, stopped with one SIGINT to the CLI (a first Ctrl-C,
// a cancelled CI job) while its first creates are in flight: the mock has performed them and
// holds their answers. Whatever the API created must reach the state, with its token: the API
// cannot list participants and returns a token only at creation, so a create whose answer the
// provider walks away from is lost for good, and the next apply makes another. Then the next
// apply converges to an empty plan, nothing was created twice, and destroy leaves the mock empty.
// Runs under whichever CLI the explorer uses (TF_ACC_TERRAFORM_PATH: Terraform or OpenTofu).
func TestInterruptedApplyKeepsEveryCreate(t *testing.T) {
	tc := needToolchain(t)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	r, err := tc.newRun(ctx, nil, Options{Logf: t.Logf, CommandTimeout: 3 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	defer r.tearDown()
	r.model.Edit(Step{Kind: AddEnv, Env: "dev", Value: "dev-1"})
	for i := 1; i <= interruptedParticipants; i++ {
		name := fmt.Sprintf("p%d", i)
		r.model.Edit(Step{Kind: AddParticipant, P: name, Env: "dev", Value: name + "-1"})
	}

	start := time.Now()
	st, err := r.applyInterrupted()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("interrupted apply (%s): %s", time.Since(start).Round(10*time.Millisecond), st)
	if !st.sent {
		t.Fatalf("no create reached the mock during the apply, so nothing was interrupted:\n%s", excerpt(r.redact(st.out), 4000))
	}
	if st.exitCode == 0 || !interrupted(st.out) {
		t.Errorf("the interrupted apply exited %d; want an error after the CLI's \"Interrupt received\":\n%s", st.exitCode, excerpt(r.redact(st.out), 4000))
	}
	if sig := fatalSignature(st.out); sig != "" {
		t.Fatalf("the interrupted apply failed with %s:\n%s", sig, excerpt(r.redact(st.out), 4000))
	}
	t.Logf("the interrupted apply's diagnostics: %s", r.redact(strings.Join(errorSummaries(st.out), "; ")))

	// Right after the stop: the mock holds no session or participant that the state does not,
	// and every participant in state has its token.
	if v, err := r.readState(); err != nil || v != nil {
		t.Fatalf("reading the state after the interrupt: %v %v", err, v)
	}
	t.Logf("in state after the interrupt: %d participant(s), %d session(s)", len(r.snap.participants), len(r.snap.sessions))
	if v := checkInterrupted(r.snap, r.mock, st).violation(0); v != nil {
		t.Errorf("right after the interrupted apply, %s:\n%s", v.Invariant, indent(v.Detail, "  "))
	}

	// The next apply succeeds, and then every invariant holds: the mock holds exactly what the
	// state does, every participant has its token, the plan after it is empty.
	if out, err := r.terraformApply(); err != nil {
		t.Fatalf("the apply after the interrupt failed:\n%s", excerpt(r.redact(out), 4000))
	}
	if v, err := r.checkAfterApply(); err != nil {
		t.Fatal(err)
	} else if v != nil {
		t.Errorf("after the next apply, %s:\n%s", v.Invariant, indent(v.Detail, "  "))
	}
	if got := r.mock.Stats().ParticipantsCreated; got != interruptedParticipants {
		t.Errorf("the API created %d participants for the %d configured: %d more than once", got, interruptedParticipants, got-interruptedParticipants)
	}

	r.output.take()
	if err := r.cli(func(ctx context.Context) error { return r.tf.Destroy(ctx) }); err != nil {
		t.Fatalf("destroy: %v\n%s", err, excerpt(r.redact(r.output.take()), 4000))
	}
	participants, sessions := r.mock.ParticipantIDs(), r.mock.SessionIDs()
	if len(participants)+len(sessions) > 0 {
		t.Errorf("after destroy the mock still holds %d participant(s) and %d session(s): %s %s",
			len(participants), len(sessions), strings.Join(participants, ", "), strings.Join(sessions, ", "))
	}
	t.Logf("took %s", time.Since(start).Round(10*time.Millisecond))
}

// checkInterrupted names what an interrupted apply lost by id, and participants in state without
// a token, and never prints a token.
func TestCheckInterruptedNamesLostCreates(t *testing.T) {
	mock := webrtcmock.New(webrtcmock.Options{})
	defaults := webrtcmock.Options{}.WithDefaults()
	create := func(what string) (id, token string) {
		t.Helper()
		r := httptest.NewRequest(http.MethodPost, "/v1/accounts/"+defaults.AccountID+"/"+what, strings.NewReader(`{"tag":"t"}`))
		r.SetBasicAuth(defaults.Username, defaults.Password)
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		mock.ServeHTTP(w, r)
		var created struct {
			ID          string `json:"id"`
			Participant struct {
				ID string `json:"id"`
			} `json:"participant"`
			Token string `json:"token"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &created); err != nil || w.Code != http.StatusOK || created.ID+created.Participant.ID == "" {
			t.Fatalf("create %s: %d %s", what, w.Code, w.Body)
		}
		return created.ID + created.Participant.ID, created.Token
	}
	kept, keptToken := create("participants")
	tokenless, _ := create("participants")
	lost, lostToken := create("participants")
	dropped, _ := create("participants") // before the apply, and gone from state during it
	replaced, _ := create("participants")
	session, _ := create("sessions")
	s := &snapshot{
		participants: map[string]attrs{
			"p1": {"id": kept, "token": keptToken, "token_expires_at": "2030-01-01T00:00:00Z"},
			"p2": {"id": tokenless},
		},
		sessions: map[string]attrs{},
		// A create_before_destroy replacement cut after its create: the old object is deposed.
		deposedIDs: map[string][]string{"bandwidth_webrtc_participant": {replaced}},
	}
	st := &stop{sent: true, participants: []string{kept, tokenless, lost}, sessions: []string{session}}
	v := checkInterrupted(s, mock, st).violation(3)
	if v == nil {
		t.Fatal("no violation")
	}
	if v.Invariant != "interrupt-lost-create" {
		t.Errorf("invariant %q", v.Invariant)
	}
	for _, want := range []string{
		"lost 1 of the 3 participant(s) the API created during it, 1 participant(s) that were in state before it and 1 of the 1 session(s) the API created during it",
		lost, dropped, "sessions " + session,
		"[missing-token] bandwidth_webrtc_participant.p2 has no token in state"} {
		if !strings.Contains(v.Detail, want) {
			t.Errorf("the detail lacks %q:\n%s", want, v.Detail)
		}
	}
	if strings.Contains(v.Detail, keptToken) || strings.Contains(v.Detail, lostToken) || strings.Contains(v.Detail, "eyJ") {
		t.Errorf("the detail holds a token:\n%s", v.Detail)
	}
	if strings.Contains(v.Detail, kept) || strings.Contains(v.Detail, replaced) {
		t.Errorf("the detail names a participant that is in state:\n%s", v.Detail)
	}
}

func TestExitCode(t *testing.T) {
	if got := exitCode(nil); got != 0 {
		t.Errorf("exitCode(nil) = %d", got)
	}
	err := exec.Command("sh", "-c", "exit 3").Run()
	if got := exitCode(fmt.Errorf("wrapped: %w", err)); got != 3 {
		t.Errorf("exitCode(exit 3) = %d", got)
	}
	// os/exec's answer for a command that exited 0 after its interrupt, as tfexec wraps it.
	if got := exitCode(fmt.Errorf("interrupted: %w", context.Canceled)); got != 0 {
		t.Errorf("exitCode(canceled) = %d", got)
	}
	if got := exitCode(context.DeadlineExceeded); got != -1 {
		t.Errorf("exitCode(deadline) = %d", got)
	}
}
