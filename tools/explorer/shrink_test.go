package explorer

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"time"
)

// ShrinkLimits bound the search for a shorter reproduction.
type ShrinkLimits struct {
	Budget    time.Duration // wall time; 0 means 2 minutes
	MaxTrials int           // 0 means 200
	Parallel  int           // candidates replayed at once; 0 means 2
	// Claim, when set, is asked before shrinking a violation; false skips the shrinking (another
	// seed is shrinking the same invariant).
	Claim func(invariant string) bool
}

// ddmin is delta debugging (Zeller's ddmin, complement-only) over a step list: it drops
// ever smaller chunks of steps while fails still holds, down to single steps, and returns the
// shortest list found. fails reports whether a candidate still reproduces the failure; up to
// parallel candidates are tried at once, and the first of them (in list order) that fails is
// kept, so the outcome does not depend on timing. complete is false when stop ended the search.
func ddmin(steps []Step, fails func([]Step) bool, stop func() bool, parallel int) (shortest []Step, complete bool) {
	parallel = max(parallel, 1)
	cur := steps
	n := 2
	for len(cur) >= 2 {
		if stop() {
			return cur, false
		}
		chunk := (len(cur) + n - 1) / n
		var candidates [][]Step
		for start := 0; start < len(cur); start += chunk {
			end := min(start+chunk, len(cur))
			if candidate := append(append([]Step{}, cur[:start]...), cur[end:]...); len(candidate) > 0 {
				candidates = append(candidates, candidate)
			}
		}
		reduced := false
		for first := 0; first < len(candidates) && !reduced; first += parallel {
			if stop() {
				return cur, false
			}
			batch := candidates[first:min(first+parallel, len(candidates))]
			results := make([]bool, len(batch))
			var wg sync.WaitGroup
			for i, c := range batch {
				wg.Add(1)
				go func() {
					defer wg.Done()
					results[i] = fails(c)
				}()
			}
			wg.Wait()
			for i, failed := range results {
				if failed {
					cur, reduced = batch[i], true
					n = max(n-1, 2)
					break
				}
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
	trialOpts.SkipChecks = isFatalSignature(v.Invariant)

	if limits.Parallel <= 0 {
		limits.Parallel = 2
	}
	var mu sync.Mutex
	cache := map[string]*Violation{}
	trials := 0
	// Only steps up to the one that broke the invariant can matter.
	if v.Step < len(steps) {
		steps = steps[:v.Step+1]
	}
	noOps := map[string][]int{} // the steps of a failing candidate that were no-ops
	fails := func(candidate []Step) bool {
		key, _ := json.Marshal(candidate)
		mu.Lock()
		got, seen := cache[string(key)]
		if !seen {
			trials++
		}
		mu.Unlock()
		if !seen {
			res, err := tc.Run(ctx, candidate, trialOpts)
			mu.Lock()
			if err == nil {
				got = res.Violation
				noOps[string(key)] = res.NoOps
			}
			cache[string(key)] = got
			mu.Unlock()
		}
		return got != nil && got.Invariant == v.Invariant
	}
	// withoutNoOps drops the steps that did nothing in the candidate's own run, when the
	// shorter list still fails.
	withoutNoOps := func(candidate []Step) []Step {
		key, _ := json.Marshal(candidate)
		mu.Lock()
		drop := noOps[string(key)]
		mu.Unlock()
		if len(drop) == 0 {
			return candidate
		}
		var kept []Step
		for i, s := range candidate {
			if !slices.Contains(drop, i) {
				kept = append(kept, s)
			}
		}
		if fails(kept) {
			return kept
		}
		return candidate
	}
	stop := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return ctx.Err() != nil || time.Now().After(deadline) || trials >= limits.MaxTrials
	}

	if !fails(steps) {
		if opts.Logf != nil {
			opts.Logf("shrink: the truncated list does not reproduce %s; keeping the full list", v.Invariant)
		}
		return steps, v, trials
	}
	shortest, _ := ddmin(withoutNoOps(steps), fails, stop, limits.Parallel)
	shortest = withoutNoOps(shortest)
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
	// shortest failed in a trial (ddmin keeps only lists that fail), so its violation is cached.
	key, _ := json.Marshal(shortest)
	found := cache[string(key)]
	if found == nil {
		found = v
	}
	if trialOpts.SkipChecks {
		// Confirm with every check on, as a regression test replays it.
		trials++
		confirm := trialOpts
		confirm.SkipChecks = false
		res, err := tc.Run(ctx, shortest, confirm)
		switch {
		case err == nil && res.Violation != nil && res.Violation.Invariant == v.Invariant:
			found = res.Violation
		case err == nil && res.Violation != nil:
			copied := *found
			copied.Detail += "\n(with the checks between applies on, this list breaks " + res.Violation.Invariant + " first)"
			found = &copied
		default:
			copied := *found
			copied.Detail += "\n(reproduced with the checks between applies skipped only)"
			found = &copied
		}
	}
	if opts.Logf != nil {
		opts.Logf("shrink: %d steps -> %d in %d runs", len(steps), len(shortest), trials)
	}
	return shortest, found, trials
}
