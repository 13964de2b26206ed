package explorer

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Finding is a violation found from a seed, with the shortest step list that reproduces it.
type Finding struct {
	Seed      uint64
	First     *Violation // as first seen, in the generated list
	Generated int        // steps of the generated list run until then
	Shortest  []Step
	Violation *Violation // as the shortest list reproduces it
	Trials    int
	Shrinking time.Duration
}

// SeedResult is one seed's exploration.
type SeedResult struct {
	Seed       uint64
	Steps      int // steps run
	Applies    int
	Interrupts int // applies stopped by a SIGINT with creates in flight
	Notes      []string
	Finding    *Finding
	Took       time.Duration
}

// Explore generates steps for a seed, runs them, and shrinks the first violation.
func (tc *Toolchain) Explore(ctx context.Context, seed uint64, steps int, opts Options, limits ShrinkLimits) (*SeedResult, error) {
	start := time.Now()
	list := Generate(seed, steps)
	res, err := tc.Run(ctx, list, opts)
	if err != nil {
		return nil, fmt.Errorf("seed %d: %w", seed, err)
	}
	out := &SeedResult{Seed: seed, Steps: res.Steps, Applies: res.Applies, Interrupts: res.Interrupts, Notes: res.Notes}
	if v := res.Violation; v != nil {
		if opts.Logf != nil {
			opts.Logf("seed %d: violation at step %d: %s; shrinking", seed, v.Step+1, v.Invariant)
		}
		shrinkStart := time.Now()
		shortest, sv, trials := list[:min(v.Step+1, len(list))], v, 0
		if limits.Claim == nil || limits.Claim(v.Key()) {
			shortest, sv, trials = tc.Shrink(ctx, list, v, opts, limits)
		} else if opts.Logf != nil {
			opts.Logf("seed %d: another seed is shrinking %s already; not shrinking this one", seed, v.Key())
		}
		out.Finding = &Finding{
			Seed: seed, First: v, Generated: res.Steps,
			Shortest: shortest, Violation: sv, Trials: trials, Shrinking: time.Since(shrinkStart),
		}
	}
	out.Took = time.Since(start)
	return out, nil
}

// Report is the finding for a test failure message: seed, invariant, the shortest steps one per
// line, the error text, and the steps as Go for a regression test.
func (f *Finding) Report() string {
	var b strings.Builder
	fmt.Fprintf(&b, "seed %d: %s (first seen at step %d of the generated list)\n", f.Seed, f.First.Invariant, f.First.Step+1)
	fmt.Fprintf(&b, "shortest reproduction: %d steps (%d shrinking runs, %s):\n", len(f.Shortest), f.Trials, f.Shrinking.Round(time.Second))
	b.WriteString(FormatSteps(f.Shortest))
	fmt.Fprintf(&b, "  (broken by %s)\n", f.Violation.where(len(f.Shortest)))
	fmt.Fprintf(&b, "%s:\n%s\n", f.Violation.Invariant, indent(f.Violation.Detail, "  "))
	fmt.Fprintf(&b, "as a regression test:\n\treplay(t, %s)\n", strings.ReplaceAll(GoSteps(f.Shortest), "\n", "\n\t"))
	return b.String()
}

func indent(text, prefix string) string {
	return prefix + strings.ReplaceAll(strings.TrimRight(text, "\n"), "\n", "\n"+prefix)
}
