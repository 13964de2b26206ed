package explorer

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// Stops. A first Ctrl-C, or a cancelled CI job, sends SIGINT to the CLI, which asks the provider
// to stop and waits for it. A create the provider has sent is performed by the API whatever the
// provider does next; unless its answer reaches the state, the object is lost for good: the API
// cannot list participants and returns a participant's token only at creation. During an
// interrupted apply the mock behaves as a real server does once it has a request: it performs
// every create at once and holds the answer (a Fault with Delay and AfterHandling; a plain Delay
// gives up with its client and creates nothing, so it could not show the loss). Once a create has
// been performed, and the others Terraform started with it have had a moment to be sent, the CLI
// gets one SIGINT, from tfexec: cancelling the command's context makes it signal os.Interrupt to
// the CLI's process, not to its process group, so the provider is signalled by the CLI alone
// (go-plugin providers ignore SIGINT anyway, as a terminal's Ctrl-C reaches them too).
const (
	// interruptHold is how long the mock holds each create's answer: the SIGINT lands well within
	// it, and a provider that waits for answers already on their way is not kept long.
	interruptHold = 2 * time.Second
	// interruptSettle is how long after the first create reaches the mock the SIGINT waits, so
	// that the creates Terraform started with it (up to -parallelism) are in flight too.
	interruptSettle = 300 * time.Millisecond
	interruptPoll   = 10 * time.Millisecond
)

// createOps are the operations whose answers an interrupted apply holds back.
var createOps = []string{webrtcmock.OpCreateParticipant, webrtcmock.OpCreateSession}

// stop is what an interrupted apply did.
type stop struct {
	out      string // the CLI's output, redacted by the callers that print it
	exitCode int    // the CLI's; -1 when it did not exit on its own
	// sent says that the SIGINT went out: a create reached the mock while the apply ran. False
	// when the apply created nothing (or ended first): then it was a plain apply.
	sent         bool
	inFlight     int           // creates performed at the mock when the SIGINT was sent
	shutdown     time.Duration // from the SIGINT to the CLI's exit
	participants []string      // participant ids the API created during the apply
	sessions     []string      // session ids the API created during the apply
}

func (s *stop) String() string {
	if !s.sent {
		return fmt.Sprintf("not interrupted: no create reached the mock (exit %d)", s.exitCode)
	}
	return fmt.Sprintf("one SIGINT with %d create(s) performed at the mock and their answers held; the CLI exited %d %s later; "+
		"the API created %d participant(s) and %d session(s) during the apply",
		s.inFlight, s.exitCode, s.shutdown.Round(10*time.Millisecond), len(s.participants), len(s.sessions))
}

// applyInterrupted runs apply with every create performed at once and answered interruptHold
// later, and sends the CLI one SIGINT once a create has been performed. The faults are cleared
// afterwards. The error is for set-up problems: the apply's own outcome is in the stop.
func (r *run) applyInterrupted(opts ...tfexec.ApplyOption) (*stop, error) {
	if err := r.writeConfig(); err != nil {
		return nil, err
	}
	for _, op := range createOps {
		r.mock.Inject(op, webrtcmock.Fault{Delay: interruptHold, AfterHandling: true, Times: -1})
	}
	defer r.mock.ClearFaults()
	participantsBefore, sessionsBefore := r.mock.ParticipantIDs(), r.mock.SessionIDs()
	created := func() int {
		return len(newIDs(r.mock.ParticipantIDs(), participantsBefore)) + len(newIDs(r.mock.SessionIDs(), sessionsBefore))
	}
	st := &stop{}
	var sentAt time.Time
	out, err := r.terraformApplyWatched(func(applyDone <-chan struct{}, interrupt func()) {
		tick := time.NewTicker(interruptPoll)
		defer tick.Stop()
		for created() == 0 {
			select {
			case <-applyDone:
				return
			case <-tick.C:
			}
		}
		select {
		case <-applyDone:
			return
		case <-time.After(interruptSettle):
		}
		st.inFlight = created()
		sentAt = time.Now()
		st.sent = true
		interrupt()
	}, opts...)
	st.out = out
	st.exitCode = exitCode(err)
	if st.sent {
		st.shutdown = time.Since(sentAt)
	}
	st.participants = newIDs(r.mock.ParticipantIDs(), participantsBefore)
	st.sessions = newIDs(r.mock.SessionIDs(), sessionsBefore)
	return st, nil
}

// exitCode is the CLI's exit status from tfexec's error: 0 for none, and also for the
// context.Canceled that os/exec reports when a command that was sent its interrupt exits 0.
func exitCode(err error) int {
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exitErr):
		return exitErr.ExitCode()
	case errors.Is(errors.Unwrap(err), context.Canceled):
		return 0
	}
	return -1
}

// joinAnd is "a", "a and b", "a, b and c".
func joinAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// newIDs are the ids in now that are not in before.
func newIDs(now, before []string) []string {
	var out []string
	for _, id := range now {
		if !slices.Contains(before, id) {
			out = append(out, id)
		}
	}
	return out
}

// interruptedApply is the apply of an Interrupt step: interrupted as above, then the state
// right after it is checked for what a stop must not lose (checkInterrupted), then a plain apply
// converges (the interrupted one is expected to fail) and the usual checks follow.
func (r *run) interruptedApply(opts []tfexec.ApplyOption) (*Violation, error) {
	at := r.interruptAt
	r.interruptAt = -1
	st, err := r.applyInterrupted(opts...)
	if err != nil {
		return nil, err
	}
	if r.opts.ShowCLIOutput {
		r.logf("  interrupted terraform apply output:\n%s", st.out)
	}
	if !st.sent {
		// Nothing to interrupt: a plain apply after all, and the Interrupt step a no-op.
		r.logf("  (the apply created nothing: not interrupted)")
		r.noOpAt(at)
		if st.exitCode != 0 {
			if v := r.failed("apply", st.out); v != nil {
				return v, nil
			}
		}
		return r.checkAfterApply()
	}
	r.res.Interrupts++
	r.logf("  interrupted: %s", st)
	if sig := fatalSignature(st.out); sig != "" {
		return r.violation(sig, "the interrupted apply failed:\n%s", excerpt(st.out, 4000)), nil
	}
	if !r.opts.SkipChecks {
		if v, err := r.readState(); v != nil || err != nil {
			return v, err
		}
		if v := checkInterrupted(r.snap, r.mock, st).violation(r.step); v != nil {
			if !slices.Contains(r.opts.Ignore, v.Invariant) {
				return v, nil
			}
			r.note("ignored %s: %s", v.Invariant, v.Detail)
		}
	}
	if st.exitCode == 0 {
		r.note("the interrupted apply exited 0 (%s)", st)
		return r.checkAfterApply()
	}
	if v := r.failed("interrupted apply", st.out); v != nil {
		return v, nil
	}
	return r.checkAfterApply()
}

// checkInterrupted checks the state right after an interrupted apply for what a stop must not
// lose: every session and participant at the mock is in state, current or deposed (before the
// apply they all were: the explorer checks that after every apply), and every participant in
// state has its token. What the next apply redoes (a cut membership or subscription write, a cut
// delete that the next refresh finds gone) is left to checkState, after it.
func checkInterrupted(s *snapshot, mock *webrtcmock.Mock, st *stop) problems {
	var ps problems
	var counts, lost []string
	for _, kind := range []struct {
		what, resourceType string
		inState            map[string]attrs
		created            []string
		atMock             []string
	}{
		{"participant", "bandwidth_webrtc_participant", s.participants, st.participants, mock.ParticipantIDs()},
		{"session", "bandwidth_webrtc_session", s.sessions, st.sessions, mock.SessionIDs()},
	} {
		orphans := newIDs(kind.atMock, append(ids(kind.inState, "id"), s.deposedIDs[kind.resourceType]...))
		if len(orphans) == 0 {
			continue
		}
		lost = append(lost, kind.what+"s "+strings.Join(orphans, ", "))
		if n := len(orphans) - len(newIDs(orphans, kind.created)); n > 0 {
			counts = append(counts, fmt.Sprintf("%d of the %d %s(s) the API created during it", n, len(kind.created), kind.what))
		}
		if n := len(newIDs(orphans, kind.created)); n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s(s) that were in state before it", n, kind.what))
		}
	}
	if len(lost) > 0 {
		ps.add("interrupt-lost-create",
			"the interrupted apply lost %s: the mock holds them, no state does (%s); "+
				"nothing finds them again (the API cannot list participants), and a participant's token is returned only at creation",
			joinAnd(counts), strings.Join(lost, "; "))
	}
	checkParticipantTokens(&ps, s)
	return ps
}
