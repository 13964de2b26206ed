package main

import (
	"fmt"
	"io"
	"math"
	"path"
	"slices"
	"strings"
	"time"
)

// Targets of issue 7.
const (
	targetRatio       = 3.2  // provider / terraform_data, each operation
	targetRateRatio   = 1.2  // rate-limited apply wall time / (N/R)
	targetRSSMiB      = 64.0 // provider peak RSS
	targetConnsFactor = 2    // connections accepted / parallelism
)

type report struct {
	opts       options
	tfVersion  string
	loadBefore string
	loadAfter  string
	started    time.Time
	elapsed    time.Duration
	sizes      []*sizeResult
	rate       *rateResult
	goBench    []goBenchmark
}

func (r *report) failures() int {
	total := 0
	if r.rate != nil {
		for _, f := range r.rate.failures {
			total += f
		}
	}
	return total
}

// print writes the tables as Markdown and returns how many targets were missed.
func (r *report) print(w io.Writer) (missed int) {
	verdict := func(ok bool) string {
		if ok {
			return "met"
		}
		missed++
		return "**missed**"
	}
	o := r.opts
	mode := "full"
	if o.quick {
		mode = "quick (BENCH_QUICK=1)"
	}
	fmt.Fprintf(w, "\n# make bench: %s\n\n", mode)
	fmt.Fprintf(w, "%s, %s, -parallelism=%d, median of %d run(s), order alternated each run; load average %s before, %s after; %s in all.\n",
		r.tfVersion, r.started.Format("2006-01-02 15:04"), o.parallelism, o.runs, r.loadBefore, r.loadAfter, r.elapsed.Round(time.Second))

	fmt.Fprintf(w, "\n## 1. bandwidth_webrtc_participant vs terraform_data (the floor)\n\n")
	fmt.Fprintln(w, "| N | operation | provider | terraform_data | ratio | target | API requests | provider runs (s) | floor runs (s) |")
	fmt.Fprintln(w, "|---:|---|---:|---:|---:|---|---:|---|---|")
	for _, s := range r.sizes {
		for _, op := range operations {
			p, f := s.times[kindProvider][op], s.times[kindFloor][op]
			ratio := round2(median(p).Seconds() / median(f).Seconds())
			fmt.Fprintf(w, "| %d | %s | %.2f s | %.2f s | %.2fx | <= %.1fx %s | %d | %s | %s |\n",
				s.n, op, median(p).Seconds(), median(f).Seconds(), ratio, targetRatio, verdict(ratio <= targetRatio),
				medianInt(s.api[kindProvider].requests[op]), seconds(p), seconds(f))
		}
	}

	if rl := r.rate; rl != nil {
		ideal := float64(rl.n) / rl.rate
		wall := median(rl.times).Seconds()
		rateRatio := round2(wall / ideal)
		failures := 0
		for _, f := range rl.failures {
			failures += f
		}
		fmt.Fprintf(w, "\n## 2. Apply against a rate-limited mock (429 + Retry-After beyond %g requests/s; max_retries = %d)\n\n", rl.rate, rl.maxRetries)
		fmt.Fprintln(w, "| N | limit | ideal N/R | wall time | wall / ideal | target | 429s seen | createParticipant attempts | failures | same apply, no limit | runs (s) |")
		fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|")
		fmt.Fprintf(w, "| %d | %g/s | %.1f s | %.2f s | %.2fx | <= %.1fx, 0 failures %s | %d | %d | %d | %.2f s | %s |\n",
			rl.n, rl.rate, ideal, wall, rateRatio, targetRateRatio, verdict(rateRatio <= targetRateRatio && failures == 0),
			medianInt(rl.throttled), medianInt(rl.attempts), failures, median(rl.unlimited).Seconds(), seconds(rl.times))
		for i, d := range rl.details {
			if d != "" {
				fmt.Fprintf(w, "\nrun %d: %s\n", i+1, d)
			}
		}
	}

	fmt.Fprintf(w, "\n## 3. Provider process during the apply\n\n")
	fmt.Fprintln(w, "| N | peak RSS (VmHWM, max of runs) | target | provider processes | TCP connections accepted by the mock (median; runs) | target |")
	fmt.Fprintln(w, "|---:|---:|---|---:|---:|---|")
	for _, s := range r.sizes {
		a := s.api[kindProvider]
		peak := float64(slices.Max(a.rssPeakKiB)) / 1024
		limit := targetConnsFactor * o.parallelism
		fmt.Fprintf(w, "| %d | %.1f MiB | < %.0f MiB %s | %d | %d; %s | <= %d %s |\n",
			s.n, peak, targetRSSMiB, verdict(peak < targetRSSMiB), medianInt(a.processes),
			medianInt(a.connections), joinInts(a.connections), limit, verdict(slices.Max(a.connections) <= limit))
	}

	fmt.Fprintln(w, "\n| N | operation | provider CPU time (user + system, median) | runs (s) | -versus build | runs (s) | this / versus |")
	fmt.Fprintln(w, "|---:|---|---:|---|---:|---|---:|")
	for _, s := range r.sizes {
		for _, op := range operations {
			p := s.api[kindProvider].cpu[op]
			row := fmt.Sprintf("| %d | %s | %.2f s | %s |", s.n, op, median(p).Seconds(), seconds(p))
			if v := s.api[kindVersus]; v != nil {
				row += fmt.Sprintf(" %.2f s | %s | %.2fx |", median(v.cpu[op]).Seconds(), seconds(v.cpu[op]),
					median(p).Seconds()/median(v.cpu[op]).Seconds())
			} else {
				row += " - | - | - |"
			}
			fmt.Fprintln(w, row)
		}
	}

	if o.versus != "" {
		fmt.Fprintf(w, "\n## Against the -versus build (%s), same runs\n\n", o.versus)
		fmt.Fprintln(w, "| N | operation | this build | -versus build | this / versus | this build's floor ratio | versus's floor ratio |")
		fmt.Fprintln(w, "|---:|---|---:|---:|---:|---:|---:|")
		for _, s := range r.sizes {
			floor := s.times[kindFloor]
			for _, op := range operations {
				p, v := median(s.times[kindProvider][op]), median(s.times[kindVersus][op])
				fmt.Fprintf(w, "| %d | %s | %.2f s | %.2f s | %.2fx | %.2fx | %.2fx |\n", s.n, op, p.Seconds(), v.Seconds(),
					p.Seconds()/v.Seconds(), p.Seconds()/median(floor[op]).Seconds(), v.Seconds()/median(floor[op]).Seconds())
			}
		}
		fmt.Fprintln(w, "\n| N | peak RSS, this build | peak RSS, -versus build | connections, this build | connections, -versus build |")
		fmt.Fprintln(w, "|---:|---:|---:|---:|---:|")
		for _, s := range r.sizes {
			a, v := s.api[kindProvider], s.api[kindVersus]
			fmt.Fprintf(w, "| %d | %.1f MiB | %.1f MiB | %d | %d |\n", s.n,
				float64(slices.Max(a.rssPeakKiB))/1024, float64(slices.Max(v.rssPeakKiB))/1024,
				medianInt(a.connections), medianInt(v.connections))
		}
	}

	if len(r.goBench) > 0 {
		fmt.Fprintf(w, "\n## 4. Go micro-benchmarks (go test -bench . -benchmem -benchtime %s)\n\n", o.benchtime)
		fmt.Fprintln(w, "| package | benchmark | time/op | B/op | allocs/op | other |")
		fmt.Fprintln(w, "|---|---|---:|---:|---:|---|")
		for _, b := range r.goBench {
			mem := "| - | -"
			if b.hasMem {
				mem = fmt.Sprintf("| %.0f | %.0f", b.bytesOp, b.allocsOp)
			}
			fmt.Fprintf(w, "| %s | %s | %s %s | %s |\n", path.Base(b.pkg), b.name, formatNs(b.nsPerOp), mem, strings.Join(b.extra, ", "))
		}
	}
	fmt.Fprintf(w, "\nTargets missed: %d. Failures: %d.\n", missed, r.failures())
	return missed
}

// round2 rounds a ratio the way it is printed, so that the verdict agrees with the figure shown.
func round2(v float64) float64 { return math.Round(v*100) / 100 }

func median(values []time.Duration) time.Duration {
	if len(values) == 0 {
		return 0
	}
	s := slices.Clone(values)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func medianInt(values []int) int {
	if len(values) == 0 {
		return 0
	}
	s := slices.Clone(values)
	slices.Sort(s)
	return s[len(s)/2]
}

func seconds(values []time.Duration) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = fmt.Sprintf("%.2f", v.Seconds())
	}
	return strings.Join(parts, " ")
}

func joinInts(values []int) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = fmt.Sprint(v)
	}
	return strings.Join(parts, " ")
}

func formatNs(ns float64) string {
	switch {
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.2f µs", ns/1e3)
	default:
		return fmt.Sprintf("%.0f ns", ns)
	}
}
