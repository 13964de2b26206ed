package explorer

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// Options tune a run.
type Options struct {
	Logf           func(format string, args ...any) // progress, one line per step; nil for none
	QuietSteps     bool                             // no line per step (violations and shrinking still logged)
	CommandTimeout time.Duration                    // per CLI command; default 4 minutes
	// LenientRenewal accepts a participant renewed again right after its renewal (renew_before at
	// least the token lifetime) with a note. By default it is a violation: the provider promises
	// to warn about such a window rather than replace the participant at every apply.
	LenientRenewal bool
	WorkDir        string // parent of the run's work dir; default os.TempDir()
	ShowCLIOutput  bool   // log every apply's output (redacted)
	KeepWorkDir    bool
	// SkipChecks applies without the state and plan checks (the shrinker's trials, for a failure
	// the CLI itself reports, which the checks cannot influence).
	SkipChecks bool
	// Ignore lists invariants that are noted rather than reported (known, not yet fixed
	// violations), so that a long run can look past them.
	Ignore []string
}

// Violation is a broken invariant.
type Violation struct {
	Step      int    // index of the step whose apply broke it; len(steps) for the final apply
	Invariant string // short, stable name: the shrinker keeps failures with the same name
	Detail    string // human-readable, tokens redacted
	// Signature tells violations of one invariant apart where it covers many causes (which
	// resource types a non-empty plan changes, and how); "" for the others.
	Signature string
}

// Key is Invariant, refined by Signature.
func (v *Violation) Key() string {
	if v.Signature == "" {
		return v.Invariant
	}
	return v.Invariant + " " + v.Signature
}

func (v *Violation) Error() string {
	return fmt.Sprintf("step %d: %s: %s", v.Step+1, v.Invariant, v.Detail)
}

// where says which step broke it, in a list of n steps.
func (v *Violation) where(n int) string {
	if v.Step >= n {
		return "the final apply"
	}
	return fmt.Sprintf("step %d", v.Step+1)
}

// Result is what a run found.
type Result struct {
	Steps     int // steps carried out (a run stops at the first violation)
	Applies   int // successful applies checked
	Violation *Violation
	Notes     []string // acceptable but noteworthy outcomes: failed applies that converged, renewals
	NoOps     []int    // indices of steps that did not fit (their participant or environment was gone)

	// Interrupts counts the applies stopped by a SIGINT with a create in flight (Interrupt steps
	// whose apply created nothing do not count).
	Interrupts int
}

// run is one replay of a step list against a fresh mock and work dir.
type run struct {
	tc      *Toolchain
	opts    Options
	ctx     context.Context
	dir     string
	mock    *webrtcmock.Mock
	srv     *webrtcmock.Server
	clock   *skewClock
	conn    Connection
	tf      *tfexec.Terraform
	output  *lockedBuffer
	model   *Model
	snap    *snapshot
	faulted bool          // a fault was injected since the last converged apply
	skew    time.Duration // OldTokens for the next apply
	res     *Result
	step    int
	steps   []Step

	// interruptAt is the index of the Interrupt step whose apply is still to come, or -1.
	interruptAt int
}

// lockedBuffer collects a CLI's stdout and stderr.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) take() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.buf.String()
	b.buf.Reset()
	return s
}

// Run replays steps against a fresh mock and a fresh work dir, checking the invariants after
// every apply, and stops at the first violation. A final apply (with checks) follows the last
// step when it is not itself an apply. err is for set-up problems, not findings.
func (tc *Toolchain) Run(ctx context.Context, steps []Step, opts Options) (res *Result, err error) {
	r, err := tc.newRun(ctx, steps, opts)
	if err != nil {
		return nil, err
	}
	defer r.tearDown()

	for i, s := range steps {
		if ctx.Err() != nil {
			return r.res, ctx.Err()
		}
		r.step = i
		r.logf("step %d/%d: %s", i+1, len(steps), s)
		v, err := r.do(s)
		r.res.Steps = i + 1
		if err != nil {
			return r.res, err
		}
		if v != nil {
			r.res.Violation = v
			return r.res, nil
		}
	}
	if len(steps) == 0 || !steps[len(steps)-1].isRun() {
		r.step = len(steps)
		r.logf("final: terraform apply")
		v, err := r.apply(nil)
		if err != nil {
			return r.res, err
		}
		r.res.Violation = v
	}
	return r.res, nil
}

// newRun sets up a fresh mock and work dir for steps; the caller tears it down.
func (tc *Toolchain) newRun(ctx context.Context, steps []Step, opts Options) (*run, error) {
	if opts.CommandTimeout <= 0 {
		opts.CommandTimeout = 4 * time.Minute
	}
	r := &run{tc: tc, opts: opts, ctx: ctx, clock: &skewClock{}, model: NewModel(), res: &Result{}, snap: &snapshot{}, steps: steps, interruptAt: -1}
	if err := r.setUp(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *run) setUp() error {
	r.mock = webrtcmock.New(webrtcmock.Options{Now: r.clock.Now})
	srv, err := r.mock.Start("127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("start mock: %w", err)
	}
	r.srv = srv
	defaults := webrtcmock.Options{}.WithDefaults()
	r.conn = Connection{
		AccountID:    defaults.AccountID,
		BaseURL:      srv.BaseURL(),
		TokenURL:     srv.TokenURL(),
		ClientID:     defaults.ClientID,
		ClientSecret: defaults.ClientSecret,
	}
	parent := r.opts.WorkDir
	if parent == "" {
		parent = os.TempDir()
	}
	if r.dir, err = os.MkdirTemp(parent, "explorer-run-"); err != nil {
		return err
	}
	if err := writeModule(r.dir); err != nil {
		return err
	}
	if err := r.writeConfig(); err != nil {
		return err
	}
	if r.tf, err = tfexec.NewTerraform(r.dir, r.tc.CLI); err != nil {
		return err
	}
	if err := r.tf.SetEnv(r.tc.cliEnv()); err != nil {
		return err
	}
	// A cancelled command gets one SIGINT (an Interrupt step, or the per-command timeout), then
	// this long to stop gracefully before it is killed: never a hung test.
	if err := r.tf.SetWaitDelay(time.Minute); err != nil {
		return err
	}
	r.output = &lockedBuffer{}
	r.tf.SetStdout(r.output)
	r.tf.SetStderr(r.output)
	// Local modules only need recording: `terraform get` does that offline (init would ask a registry).
	if err := r.cli(func(ctx context.Context) error { return r.tf.Get(ctx) }); err != nil {
		return fmt.Errorf("terraform get: %w\n%s", err, r.redact(r.output.take()))
	}
	r.output.take()
	return nil
}

func (r *run) tearDown() {
	_ = r.srv.Close()
	if !r.opts.KeepWorkDir {
		_ = os.RemoveAll(r.dir)
	}
}

func (r *run) logf(format string, args ...any) {
	if r.opts.Logf != nil && !r.opts.QuietSteps {
		r.opts.Logf("%s", r.redact(fmt.Sprintf(format, args...)))
	}
}

// noOp records that the current step did not fit the model or the state.
func (r *run) noOp() {
	r.logf("  (no-op here)")
	r.noOpAt(r.step)
}

// noOpAt records that step i did nothing, for the shrinker to drop it.
func (r *run) noOpAt(i int) {
	if i >= 0 && i < len(r.steps) && !r.steps[i].isRun() && !slices.Contains(r.res.NoOps, i) {
		r.res.NoOps = append(r.res.NoOps, i)
	}
}

func (r *run) note(format string, args ...any) {
	n := r.redact(fmt.Sprintf("step %d: ", r.step+1) + fmt.Sprintf(format, args...))
	r.res.Notes = append(r.res.Notes, n)
	r.logf("  note: %s", n)
}

func (r *run) redact(text string) string { return redact(text, r.conn.ClientSecret) }

func (r *run) violation(invariant, format string, args ...any) *Violation {
	return &Violation{Step: r.step, Invariant: invariant, Detail: r.redact(fmt.Sprintf(format, args...))}
}

// cli runs one CLI command under the per-command timeout.
func (r *run) cli(f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(r.ctx, r.opts.CommandTimeout)
	defer cancel()
	err := f(ctx)
	if ctx.Err() != nil && r.ctx.Err() == nil {
		return fmt.Errorf("%w (command timed out after %s)", err, r.opts.CommandTimeout)
	}
	return err
}

func (r *run) writeConfig() error {
	return os.WriteFile(filepath.Join(r.dir, "main.tf"), []byte(Render(r.model, r.conn)), 0o644)
}

func (r *run) do(s Step) (*Violation, error) {
	switch {
	case s.isEdit():
		if !r.model.Edit(s) {
			r.noOp()
		}
		return nil, nil
	case s.Kind == Apply:
		return r.apply(s.Replace)
	case s.Kind == SavedPlan:
		return r.savedPlan(s.Between)
	default:
		return r.event(s)
	}
}

// event acts at the mock, outside Terraform, on the objects of the last state.
func (r *run) event(s Step) (*Violation, error) {
	switch s.Kind {
	case ExpireSession:
		if id := r.snap.sessions[s.Env].str("id"); id == "" || !r.mock.RemoveSession(id) {
			r.noOp()
		}
	case DeleteParticipant:
		if id := r.snap.participants[s.P].str("id"); id == "" || !r.mock.RemoveParticipant(id) {
			r.noOp()
		}
	case DeleteMembership:
		a := r.snap.memberships[s.P]
		if a == nil || !r.mock.RemoveMembership(a.str("session_id"), a.str("participant_id")) {
			r.noOp()
		}
	case OldTokens:
		d, err := time.ParseDuration(s.Value)
		if err != nil {
			return nil, fmt.Errorf("step %d: %w", r.step+1, err)
		}
		r.skew = d
	case InjectFault:
		if s.Fault == nil {
			return nil, nil
		}
		r.mock.Inject(s.Fault.Op, webrtcmock.Fault{Status: s.Fault.Status, Times: s.Fault.Times, AfterHandling: s.Fault.AfterHandling})
		r.faulted = true
	case Interrupt:
		r.interruptAt = r.step
	case ConcurrentApply:
		if err := r.writeConfig(); err != nil {
			return nil, err
		}
		out, err := r.terraformApply()
		if err != nil {
			if sig := fatalSignature(out); sig != "" {
				return r.violation(sig, "the other apply failed:\n%s", excerpt(out, 3000)), nil
			}
			r.note("the other apply failed: %s", strings.Join(errorSummaries(out), "; "))
		}
	default:
		return nil, fmt.Errorf("step %d: unknown kind %q", r.step+1, s.Kind)
	}
	return nil, nil
}

// terraformApply runs apply with the clock set for this apply, returning the CLI's output.
func (r *run) terraformApply(opts ...tfexec.ApplyOption) (string, error) {
	return r.terraformApplyWatched(nil, opts...)
}

// terraformApplyWatched is terraformApply with watch, when not nil, running beside the apply
// until it returns: applyDone closes when the CLI has exited, and interrupt cancels the
// command's context, on which tfexec sends the CLI one SIGINT.
func (r *run) terraformApplyWatched(watch func(applyDone <-chan struct{}, interrupt func()), opts ...tfexec.ApplyOption) (string, error) {
	r.clock.set(r.skew)
	defer r.clock.set(0)
	r.skew = 0
	r.output.take()
	err := r.cli(func(ctx context.Context) error {
		if watch == nil {
			return r.tf.Apply(ctx, opts...)
		}
		ctx, interrupt := context.WithCancel(ctx)
		defer interrupt()
		applyDone, watched := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(watched)
			watch(applyDone, interrupt)
		}()
		err := r.tf.Apply(ctx, opts...)
		close(applyDone)
		<-watched
		return err
	})
	out := r.output.take()
	if err != nil {
		out += "\n" + err.Error()
	}
	if r.opts.ShowCLIOutput {
		r.logf("  terraform apply output:\n%s", out)
	}
	return out, err
}

// apply runs a plain apply (with -replace targets that exist), then the checks.
func (r *run) apply(replace []string) (*Violation, error) {
	if err := r.writeConfig(); err != nil {
		return nil, err
	}
	var opts []tfexec.ApplyOption
	for _, target := range replace {
		if r.model.targetExists(target) {
			opts = append(opts, tfexec.Replace(targetAddress(target)))
		}
	}
	if r.interruptAt >= 0 {
		return r.interruptedApply(opts)
	}
	out, err := r.terraformApply(opts...)
	if err != nil {
		if v := r.failed("apply", out); v != nil {
			return v, nil
		}
	}
	return r.checkAfterApply()
}

// failed handles a failed apply: never one of the fatal messages; otherwise it is acceptable
// when, with faults cleared and the clock right, the next plain apply converges.
func (r *run) failed(what, out string) *Violation {
	if sig := fatalSignature(out); sig != "" {
		return r.violation(sig, "%s failed:\n%s", what, excerpt(out, 4000))
	}
	summaries := strings.Join(errorSummaries(out), "; ")
	switch {
	case interrupted(out):
		r.note("%s was stopped by the SIGINT, as meant: %s", what, summaries)
	case staleSavedPlan(out):
		r.note("%s: Terraform declared the saved plan stale", what)
	case coreError(out):
		r.note("%s failed with an error of the CLI itself: %s", what, summaries)
	case r.faulted:
		r.note("%s failed under an injected fault: %s", what, summaries)
	default:
		r.note("%s failed with a provider diagnostic: %s", what, summaries)
	}
	r.mock.ClearFaults()
	r.faulted = false
	out, err := r.terraformApply()
	if err == nil {
		return nil
	}
	if sig := fatalSignature(out); sig != "" {
		return r.violation(sig, "the apply after a failed %s failed:\n%s", what, excerpt(out, 4000))
	}
	return r.violation("no-convergence", "after a failed %s (%s), the next plain apply fails too, with no fault pending:\n%s",
		what, summaries, excerpt(out, 4000))
}

// savedPlan: plan -out, the events in between, apply the saved plan, then a plain apply to
// take in what the events changed, then the checks.
func (r *run) savedPlan(between []Step) (*Violation, error) {
	if err := r.writeConfig(); err != nil {
		return nil, err
	}
	planFile := filepath.Join(r.dir, "saved.tfplan")
	r.output.take()
	_, err := r.plan(planFile)
	if out := r.output.take(); err != nil {
		out += "\n" + err.Error()
		if v := r.failed("plan -out", out); v != nil {
			return v, nil
		}
		return r.checkAfterApply()
	}
	for _, b := range between {
		r.logf("  between plan and apply: %s", b)
		if v, err := r.event(b); v != nil || err != nil {
			return v, err
		}
	}
	out, err := r.terraformApply(tfexec.DirOrPlan(planFile))
	if err != nil {
		if v := r.failed("apply of the saved plan", out); v != nil {
			return v, nil
		}
		return r.checkAfterApply()
	}
	// The events in between may have changed things the saved plan could not know about.
	r.mock.ClearFaults()
	r.faulted = false
	if out, err := r.terraformApply(); err != nil {
		if v := r.failed("apply after the saved plan", out); v != nil {
			return v, nil
		}
	}
	return r.checkAfterApply()
}

// plan runs plan -detailed-exitcode -out=file.
func (r *run) plan(file string) (bool, error) {
	var changes bool
	err := r.cli(func(ctx context.Context) error {
		var err error
		changes, err = r.tf.Plan(ctx, tfexec.Out(file))
		return err
	})
	return changes, err
}

// checkAfterApply checks a converged state: the invariants on state and mock, then that the next
// plan is empty (or only renews what renew_before says is due).
func (r *run) checkAfterApply() (*Violation, error) {
	if r.opts.SkipChecks {
		r.res.Applies++
		r.mock.ClearFaults()
		r.faulted = false
		return r.readState()
	}
	v, err := r.checkConverged()
	if v == nil || err != nil || !slices.Contains(r.opts.Ignore, v.Invariant) {
		return v, err
	}
	// A known violation: note it, apply once more, and check again (with nothing ignored twice).
	r.note("ignored %s: %s", v.Invariant, v.Detail)
	if out, err := r.terraformApply(); err != nil {
		if v := r.failed("apply after an ignored violation", out); v != nil {
			return v, nil
		}
	}
	v, err = r.checkConverged()
	if v != nil && slices.Contains(r.opts.Ignore, v.Invariant) {
		r.note("ignored %s again: %s", v.Invariant, v.Detail)
		return nil, err
	}
	return v, err
}

func (r *run) checkConverged() (*Violation, error) {
	r.res.Applies++
	r.mock.ClearFaults() // a fault no request used must not hit the checks
	r.faulted = false
	if v, err := r.show(); v != nil || err != nil {
		return v, err
	}
	changes, outputs, v, err := r.checkPlan()
	if v != nil || err != nil || (len(changes) == 0 && len(outputs) == 0) {
		return v, err
	}
	due := dueRenewals(r.snap, time.Now())
	if !explainedByRenewal(changes, due) {
		v := r.violation("plan-not-empty", "the plan after a successful apply is not empty:\n%s", describePlan(changes, outputs))
		v.Signature = planSignature(changes)
		return v, nil
	}
	r.logf("  renewal due for %v: applying it", due)
	if out, err := r.terraformApply(); err != nil {
		if v := r.failed("renewal apply", out); v != nil {
			return v, nil
		}
	}
	if v, err := r.show(); v != nil || err != nil {
		return v, err
	}
	changes, outputs, v, err = r.checkPlan()
	if v != nil || err != nil || (len(changes) == 0 && len(outputs) == 0) {
		return v, err
	}
	again := dueRenewals(r.snap, time.Now())
	if !explainedByRenewal(changes, again) {
		v := r.violation("plan-not-empty", "the plan after renewing %v is not empty:\n%s", due, describePlan(changes, outputs))
		v.Signature = planSignature(changes)
		return v, nil
	}
	var windows []string
	for _, name := range again {
		windows = append(windows, fmt.Sprintf("%s (renew_before %s)", name, r.snap.participants[name].str("renew_before")))
	}
	if !r.opts.LenientRenewal {
		return r.violation("renewal-every-plan", "participants renewed again right after their renewal: %s", strings.Join(windows, ", ")), nil
	}
	r.note("renewed at every plan, as a window at least the token lifetime asks: %s", strings.Join(windows, ", "))
	return nil, nil
}

// show reads the state and checks it.
func (r *run) show() (*Violation, error) {
	if v, err := r.readState(); v != nil || err != nil {
		return v, err
	}
	return checkState(r.model, r.snap, r.mock, r.dir).violation(r.step), nil
}

// readState reads the state into r.snap, for the checks and for the events' ids.
func (r *run) readState() (*Violation, error) {
	r.output.take()
	var state *tfjson.State
	err := r.cli(func(ctx context.Context) error {
		var err error
		state, err = r.tf.Show(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("terraform show: %w\n%s", err, r.redact(r.output.take()))
	}
	snap, err := newSnapshot(state)
	if err != nil {
		return r.violation("state-unreadable", "%v", err), nil
	}
	r.snap = snap
	return nil, nil
}

// checkPlan plans and lists the changes, if any.
func (r *run) checkPlan() ([]plannedChange, []string, *Violation, error) {
	planFile := filepath.Join(r.dir, "check.tfplan")
	r.output.take()
	changes, err := r.plan(planFile)
	if out := r.output.take(); err != nil {
		out += "\n" + err.Error()
		if sig := fatalSignature(out); sig != "" {
			return nil, nil, r.violation(sig, "the plan after a successful apply failed:\n%s", excerpt(out, 4000)), nil
		}
		return nil, nil, r.violation("plan-failed", "the plan after a successful apply failed:\n%s", excerpt(out, 4000)), nil
	}
	if !changes {
		return nil, nil, nil, nil
	}
	var plan *tfjson.Plan
	err = r.cli(func(ctx context.Context) error {
		var err error
		plan, err = r.tf.ShowPlanFile(ctx, planFile)
		return err
	})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("terraform show %s: %w", planFile, err)
	}
	rc, oc := planChanges(plan)
	if len(rc) == 0 && len(oc) == 0 {
		return nil, nil, r.violation("plan-not-empty", "plan -detailed-exitcode reports changes but lists none"), nil
	}
	return rc, oc, nil, nil
}
