// Command bench measures the provider on loopback against the mock API, side by side with
// Terraform's built-in terraform_data (no plugin at all: the floor), and prints one table.
// `make bench` runs it; BENCH_QUICK=1 runs a small subset. See BENCHMARKS.md.
//
// Every figure that depends on the machine is a ratio of two runs taken next to each other, with
// the order alternated from run to run, so that load from other processes hits both sides alike.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type options struct {
	provider    string
	terraform   string
	quick       bool
	runs        int
	sizes       []int
	parallelism int
	rateN       int
	rate        float64
	rateRetries int
	goBench     bool
	benchtime   string
	keep        bool
	strict      bool
	out         string
	versus      string
}

func main() {
	opts, err := parseFlags(os.Args[1:], os.Getenv)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code, err := run(ctx, opts, os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

func parseFlags(args []string, getenv func(string) string) (options, error) {
	quickDefault := getenv("BENCH_QUICK") != "" && getenv("BENCH_QUICK") != "0"
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	var o options
	var sizes string
	fs.StringVar(&o.provider, "provider", "", "provider binary to measure (required; make bench builds bin/terraform-provider-bandwidth)")
	fs.StringVar(&o.terraform, "terraform", "", "terraform CLI (default: terraform, else tofu, on PATH)")
	fs.BoolVar(&o.quick, "quick", quickDefault, "quick subset: N=50, one run, rate-limited N=100, short Go benchmarks (env BENCH_QUICK=1)")
	fs.IntVar(&o.runs, "runs", 0, "runs per measurement; the median is reported (default 3, quick 1)")
	fs.StringVar(&sizes, "n", "", "comma-separated resource counts (default 200,1000; quick 50)")
	fs.IntVar(&o.parallelism, "parallelism", 10, "terraform -parallelism")
	fs.IntVar(&o.rateN, "rate-n", 0, "resources in the rate-limited apply (default 300, quick 100)")
	fs.Float64Var(&o.rate, "rate", 50, "mock rate limit in requests per second for the rate-limited apply")
	fs.IntVar(&o.rateRetries, "rate-max-retries", 10, "provider max_retries in the rate-limited configuration")
	fs.BoolVar(&o.goBench, "go-bench", true, "also run the Go micro-benchmarks (go test -bench -benchmem)")
	fs.StringVar(&o.benchtime, "benchtime", "", "go test -benchtime (default 1s, quick 100ms)")
	fs.BoolVar(&o.keep, "keep", false, "keep the work directory (configs, state, logs)")
	fs.BoolVar(&o.strict, "strict", false, "exit 3 when a target is missed (noise makes this unsuitable for CI)")
	fs.StringVar(&o.out, "out", "", "also write the tables (Markdown) to this file")
	fs.StringVar(&o.versus, "versus", "", "another build of the provider to run side by side too (e.g. before a change)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if o.provider == "" {
		return o, errors.New("-provider is required")
	}
	defaults := struct {
		runs      int
		sizes     string
		rateN     int
		benchtime string
	}{3, "200,1000", 300, "1s"}
	if o.quick {
		defaults.runs, defaults.sizes, defaults.rateN, defaults.benchtime = 1, "50", 100, "100ms"
	}
	if o.runs <= 0 {
		o.runs = defaults.runs
	}
	if sizes == "" {
		sizes = defaults.sizes
	}
	if o.rateN <= 0 {
		o.rateN = defaults.rateN
	}
	if o.benchtime == "" {
		o.benchtime = defaults.benchtime
	}
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return o, fmt.Errorf("-n: %q is not a positive count", s)
		}
		o.sizes = append(o.sizes, n)
	}
	if o.parallelism <= 0 || o.rate <= 0 {
		return o, errors.New("-parallelism and -rate must be positive")
	}
	return o, nil
}

func run(ctx context.Context, o options, stdout, stderr io.Writer) (int, error) {
	if runtime.GOOS != "linux" {
		return 1, errors.New("needs Linux (/proc is read for the provider's memory)")
	}
	if o.terraform == "" {
		for _, name := range []string{"terraform", "tofu"} {
			if p, err := exec.LookPath(name); err == nil {
				o.terraform = p
				break
			}
		}
		if o.terraform == "" {
			return 1, errors.New("no terraform or tofu on PATH")
		}
	}
	root, err := os.Getwd()
	if err != nil {
		return 1, err
	}
	work, err := os.MkdirTemp("", "bandwidth-bench-")
	if err != nil {
		return 1, err
	}
	if o.keep {
		fmt.Fprintln(stderr, "bench: work directory", work)
	} else {
		defer os.RemoveAll(work)
	}

	h, err := newHarness(ctx, o, root, work, stderr)
	if err != nil {
		return 1, err
	}
	logf := func(format string, args ...any) { fmt.Fprintf(stderr, "bench: "+format+"\n", args...) }
	logf("%s; %d CPUs, load %s", h.tfVersion, runtime.NumCPU(), loadAverage())

	report := &report{opts: o, tfVersion: h.tfVersion, loadBefore: loadAverage(), started: time.Now()}
	for _, n := range o.sizes {
		res, err := h.sideBySide(ctx, n, logf)
		if err != nil {
			return 1, fmt.Errorf("size N=%d: %w", n, err)
		}
		report.sizes = append(report.sizes, res)
	}
	rl, err := h.rateLimited(ctx, logf)
	if err != nil {
		return 1, fmt.Errorf("rate-limited apply: %w", err)
	}
	report.rate = rl
	if o.goBench {
		logf("Go micro-benchmarks (-benchtime %s)", o.benchtime)
		report.goBench, err = runGoBenchmarks(ctx, root, o.benchtime, stderr)
		if err != nil {
			return 1, fmt.Errorf("go benchmarks: %w", err)
		}
	}
	report.loadAfter = loadAverage()
	report.elapsed = time.Since(report.started)
	w := stdout
	if o.out != "" {
		f, err := os.Create(o.out)
		if err != nil {
			return 1, err
		}
		defer f.Close()
		w = io.MultiWriter(stdout, f)
	}
	missed := report.print(w)
	if report.failures() > 0 {
		return 1, fmt.Errorf("%d failure(s): see the table", report.failures())
	}
	if missed > 0 && o.strict {
		return 3, fmt.Errorf("%d target(s) missed", missed)
	}
	return 0, nil
}

// loadAverage is /proc/loadavg's first three fields, to show how busy the machine was.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// copyFile copies an executable, so a rebuild of the source during the run changes nothing.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
