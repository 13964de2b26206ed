package explorer

import (
	"context"
	"encoding/json"
	"time"
)

// ShrinkLimits bound the search for a shorter reproduction.
type ShrinkLimits struct {
	Budget    time.Duration // wall time; 0 means 2 minutes
	MaxTrials int           // 0 means 200
}

// ddmin is delta debugging (Zeller's ddmin, complement-only) over a step list: it drops
// ever smaller chunks of steps while fails still holds, down to single steps, and returns the
// shortest list found. fails reports whether a candidate still reproduces the failure; ok is
// false when the limits stopped the search.
func ddmin(steps []Step, fails func([]Step) bool, stop func() bool) (shortest []Step, complete bool) {
	cur := steps
	n := 2
	for len(cur) >= 2 {
		if stop() {
			return cur, false
		}
		chunk := (len(cur) + n - 1) / n
		reduced := false
		for start := 0; start < len(cur); start += chunk {
			end := min(start+chunk, len(cur))
			candidate := append(append([]Step{}, cur[:start]...), cur[end:]...)
			if len(candidate) == 0 {
				continue
			}
			if stop() {
				return cur, false
			}
			if fails(candidate) {
				cur, reduced = candidate, true
				n = max(n-1, 2)
				break
			}
		}
		if !reduced {
			if n >= len(cur) {
				break
			}
			n = min(2*n, len(cur))
		}
	}
	return cur, true
}

// simplifications are one-step rewrites tried after ddmin: a saved plan becomes a plain apply,
// an apply loses its -replace.
func simplifications(s Step) []Step {
	switch {
	case s.Kind == SavedPlan:
		return []Step{{Kind: Apply}}
	case s.Kind == Apply && len(s.Replace) > 0:
		return []Step{{Kind: Apply}}
	}
	return nil
}

// Shrink looks for a shorter step list that breaks the same invariant as v. It replays
// candidates from a fresh mock and work dir each time. It returns the shortest list found, the
// violation it gives, and how many runs it took.
func (tc *Toolchain) Shrink(ctx context.Context, steps []Step, v *Violation, opts Options, limits ShrinkLimits) ([]Step, *Violation, int) {
	if limits.Budget <= 0 {
		limits.Budget = 2 * time.Minute
	}
	if limits.MaxTrials <= 0 {
		limits.MaxTrials = 200
	}
	deadline := time.Now().Add(limits.Budget)
	trialOpts := opts
	trialOpts.Logf = nil
	trialOpts.ShowCLIOutput = false

	cache := map[string]*Violation{}
	trials := 0
	found := v
	// Only steps up to the one that broke the invariant can matter.
	if v.Step < len(steps) {
		steps = steps[:v.Step+1]
	}
	fails := func(candidate []Step) bool {
		key, _ := json.Marshal(candidate)
		got, seen := cache[string(key)]
		if !seen {
			trials++
			res, err := tc.Run(ctx, candidate, trialOpts)
			if err == nil {
				got = res.Violation
			}
			cache[string(key)] = got
		}
		if got == nil || got.Invariant != v.Invariant {
			return false
		}
		found = got
		return true
	}
	stop := func() bool { return ctx.Err() != nil || time.Now().After(deadline) || trials >= limits.MaxTrials }

	if !fails(steps) {
		if opts.Logf != nil {
			opts.Logf("shrink: the truncated list does not reproduce %s; keeping the full list", v.Invariant)
		}
		return steps, v, trials
	}
	shortest, _ := ddmin(steps, fails, stop)
	for i := 0; i < len(shortest) && !stop(); i++ {
		for _, simpler := range simplifications(shortest[i]) {
			candidate := append([]Step{}, shortest...)
			candidate[i] = simpler
			if fails(candidate) {
				shortest = candidate
				break
			}
		}
	}
	// found belongs to the last list that failed, which is shortest (ddmin checks before it keeps).
	key, _ := json.Marshal(shortest)
	if got := cache[string(key)]; got != nil {
		found = got
	}
	if opts.Logf != nil {
		opts.Logf("shrink: %d steps -> %d in %d runs", len(steps), len(shortest), trials)
	}
	return shortest, found, trials
}
