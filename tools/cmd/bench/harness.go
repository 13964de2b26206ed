package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
)

const (
	kindProvider = "bandwidth_webrtc_participant"
	kindFloor    = "terraform_data"
	kindVersus   = "versus" // the same resources with another build of the provider (-versus)
	// providerAddress is where the dev_overrides CLI configuration points Terraform at the binary.
	providerAddress = "registry.terraform.io/bandwidth-community/bandwidth"
	sampleInterval  = 25 * time.Millisecond
	commandTimeout  = 15 * time.Minute
)

var operations = []string{"apply", "plan", "destroy"}

type harness struct {
	opts      options
	work      string
	providers map[string]string // kind -> the copy of the binary Terraform runs
	cliConfig map[string]string // kind -> TF_CLI_CONFIG_FILE pointing Terraform at it
	mockBin   string
	env       map[string]string // for every CLI run, before its CLI configuration and mock URLs
	tfVersion string
	log       io.Writer
}

// kinds are the configurations compared side by side, in the order of the first run.
func (h *harness) kinds() []string {
	if h.opts.versus != "" {
		return []string{kindProvider, kindFloor, kindVersus}
	}
	return []string{kindProvider, kindFloor}
}

func newHarness(ctx context.Context, o options, root, work string, log io.Writer) (*harness, error) {
	h := &harness{opts: o, work: work, log: log,
		providers: map[string]string{}, cliConfig: map[string]string{},
		mockBin: filepath.Join(work, "webrtcmock"), env: map[string]string{},
	}
	sources := map[string]string{kindProvider: o.provider}
	if o.versus != "" {
		sources[kindVersus] = o.versus
	}
	for kind, src := range sources {
		h.providers[kind] = filepath.Join(work, "bin-"+kind, "terraform-provider-bandwidth")
		if err := copyFile(src, h.providers[kind]); err != nil {
			return nil, fmt.Errorf("copying the provider: %w", err)
		}
		h.cliConfig[kind] = filepath.Join(work, "terraformrc-"+kind)
		cliConfig := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
			providerAddress, filepath.Dir(h.providers[kind]))
		if err := os.WriteFile(h.cliConfig[kind], []byte(cliConfig), 0o644); err != nil {
			return nil, err
		}
	}
	h.cliConfig[kindFloor] = h.cliConfig[kindProvider]
	build := exec.CommandContext(ctx, "go", "build", "-o", h.mockBin, "./tools/cmd/webrtcmock")
	build.Dir, build.Stdout, build.Stderr = root, log, log
	if err := build.Run(); err != nil {
		return nil, fmt.Errorf("building the mock: %w", err)
	}
	for _, kv := range os.Environ() {
		name, value, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "BW_") {
			continue // no logging, no stray data dir or workspace, no other credentials
		}
		h.env[name] = value
	}
	h.env["CHECKPOINT_DISABLE"] = "1" // terraform-exec sets TF_IN_AUTOMATION=1 and turns logging off
	h.env["BW_ACCOUNT_ID"], h.env["BW_CLIENT_ID"], h.env["BW_CLIENT_SECRET"] = "9900000", "demo-client", "demo-secret"
	tf, err := tfexec.NewTerraform(work, o.terraform)
	if err != nil {
		return nil, err
	}
	if err := tf.SetEnv(h.env); err != nil {
		return nil, err
	}
	v, _, err := tf.Version(ctx, true)
	if err != nil {
		return nil, fmt.Errorf("%s version: %w", o.terraform, err)
	}
	h.tfVersion = "Terraform v" + v.String()
	return h, nil
}

// terraform runs one operation for kind in dir against the mock at baseURL and returns its wall
// time. The plan is run with -detailed-exitcode (terraform-exec always asks for it): a refresh of
// every object, and a check that nothing drifted.
func (h *harness) terraform(ctx context.Context, kind, dir, baseURL, op string) (time.Duration, error) {
	tf, err := tfexec.NewTerraform(dir, h.opts.terraform)
	if err != nil {
		return 0, err
	}
	env := maps.Clone(h.env)
	env["TF_CLI_CONFIG_FILE"], env["BW_WEBRTC_BASE_URL"] = h.cliConfig[kind], baseURL
	env["BW_OAUTH_TOKEN_URL"] = strings.TrimSuffix(baseURL, "/v1") + "/api/v1/oauth2/token"
	if err := tf.SetEnv(env); err != nil {
		return 0, err
	}
	var stdout bytes.Buffer // a failure's error carries stderr; stdout shows a drift
	tf.SetStdout(&stdout)
	ctx, cancel := context.WithTimeout(ctx, commandTimeout)
	defer cancel()
	p := tfexec.Parallelism(h.opts.parallelism)
	var changes bool
	start := time.Now()
	switch op {
	case "apply":
		err = tf.Apply(ctx, p)
	case "plan":
		changes, err = tf.Plan(ctx, p)
	default:
		err = tf.Destroy(ctx, p)
	}
	elapsed := time.Since(start)
	if err != nil {
		status, stderr, _ := strings.Cut(err.Error(), "\n")
		return elapsed, fmt.Errorf("terraform %s in %s: %s\n%s", op, dir, status, tail(stderr, 40))
	}
	if changes {
		return elapsed, fmt.Errorf("%w:\n%s", errDrift, tail(stdout.String(), 40))
	}
	return elapsed, nil
}

func providerConfig(n, maxRetries int) string {
	retries := ""
	if maxRetries > 0 {
		retries = fmt.Sprintf("\n  max_retries = %d", maxRetries)
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    bandwidth = { source = "bandwidth-community/bandwidth" }
  }
}

# Credentials and the mock's URLs come from BW_* environment variables.
provider "bandwidth" {%s
}

resource "bandwidth_webrtc_participant" "p" {
  count               = %d
  tag                 = "bench-${count.index}"
  publish_permissions = ["AUDIO", "VIDEO"]
}
`, retries, n)
}

func floorConfig(n int) string {
	return fmt.Sprintf(`resource "terraform_data" "p" {
  count = %d
  input = {
    tag                 = "bench-${count.index}"
    publish_permissions = ["AUDIO", "VIDEO"]
  }
}
`, n)
}

func writeConfig(dir, body string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(body), 0o644)
}

// sizeResult holds every run of the side-by-side comparison for one N.
type sizeResult struct {
	n     int
	times map[string]map[string][]time.Duration // kind -> operation -> one per run
	api   map[string]*apiResult                 // provider kinds only
}

// apiResult is what one build of the provider did, one entry per run.
type apiResult struct {
	rssPeakKiB  []int64 // of the applies
	processes   []int   // provider processes seen during the applies
	connections []int   // accepted by the mock during the applies
	requests    map[string][]int
	cpu         map[string][]time.Duration // operation -> the provider processes' CPU time, one per run
}

// sideBySide runs apply, plan and destroy of n participants and of n terraform_data (and of n
// participants with the -versus build), each operation of one kind right after the same
// operation of the other, rotating which goes first from run to run. Each build of the provider
// has a mock of its own, so the counts checked after every command are its own.
func (h *harness) sideBySide(ctx context.Context, n int, logf func(string, ...any)) (*sizeResult, error) {
	kinds := h.kinds()
	res := &sizeResult{n: n, times: map[string]map[string][]time.Duration{}, api: map[string]*apiResult{}}
	dirs := map[string]string{}
	mocks := map[string]*mockProcess{}
	defer func() {
		for _, m := range mocks {
			m.stop()
		}
	}()
	for _, kind := range kinds {
		res.times[kind] = map[string][]time.Duration{}
		dirs[kind] = filepath.Join(h.work, fmt.Sprintf("n%d-%s", n, kind))
		config := providerConfig(n, 0)
		if kind == kindFloor {
			config = floorConfig(n)
		}
		if err := writeConfig(dirs[kind], config); err != nil {
			return nil, err
		}
		if kind == kindFloor {
			continue
		}
		mock, err := startMock(ctx, h.mockBin, h.work, fmt.Sprintf("mock-n%d-%s", n, kind), 0)
		if err != nil {
			return nil, err
		}
		mocks[kind] = mock
		res.api[kind] = &apiResult{requests: map[string][]int{}, cpu: map[string][]time.Duration{}}
	}

	for run := 0; run < h.opts.runs; run++ {
		order := append(slices.Clone(kinds[run%len(kinds):]), kinds[:run%len(kinds)]...)
		for _, op := range operations {
			for _, kind := range order {
				mock := mocks[kind]
				baseURL := "http://127.0.0.1:9/v1" // terraform_data calls no API
				var before mockStats
				var sampler *processSampler
				if mock != nil {
					baseURL = mock.base
					var err error
					if before, err = mock.stats(ctx); err != nil {
						return nil, err
					}
					sampler = startProcessSampler(h.providers[kind], h.opts.terraform, sampleInterval)
				}
				elapsed, err := h.terraform(ctx, kind, dirs[kind], baseURL, op)
				var peak int64
				var procs int
				var cpu time.Duration
				if sampler != nil {
					peak, procs, cpu = sampler.finish()
				}
				if err != nil {
					return nil, fmt.Errorf("%s %s, run %d: %w", op, kind, run+1, err)
				}
				res.times[kind][op] = append(res.times[kind][op], elapsed)
				note := ""
				if mock != nil {
					after, err := mock.stats(ctx)
					if err != nil {
						return nil, err
					}
					d := after.since(before)
					if err := checkRun(op, n, d); err != nil {
						return nil, fmt.Errorf("%s %s, run %d: %w", op, kind, run+1, err)
					}
					a := res.api[kind]
					a.requests[op] = append(a.requests[op], d.count(func(int) bool { return true }))
					a.cpu[op] = append(a.cpu[op], cpu)
					note = fmt.Sprintf(" (provider CPU %.2fs", cpu.Seconds())
					if op == "apply" {
						a.rssPeakKiB = append(a.rssPeakKiB, peak)
						a.processes = append(a.processes, procs)
						a.connections = append(a.connections, d.ConnectionsAccepted)
						note += fmt.Sprintf(", peak RSS %.1f MiB over %d processes, %d connections",
							float64(peak)/1024, procs, d.ConnectionsAccepted)
					}
					note += ")"
				}
				logf("N=%d run %d/%d: %-7s %-28s %6.2fs%s", n, run+1, h.opts.runs, op, kind, elapsed.Seconds(), note)
			}
		}
	}
	return res, nil
}

// checkRun proves a provider run did what it should: every participant created once, nothing
// left after destroy, and no error answers.
func checkRun(op string, n int, d mockStats) error {
	if bad := d.unexpected(false); bad > 0 {
		return fmt.Errorf("the mock answered %d requests with an error status: %v", bad, d.Requests)
	}
	switch op {
	case "apply":
		if d.ParticipantsCreated != n || d.LiveParticipants != n {
			return fmt.Errorf("created %d participants (%d live), want %d", d.ParticipantsCreated, d.LiveParticipants, n)
		}
	case "plan":
		if d.ParticipantsCreated != 0 || d.LiveParticipants != n {
			return fmt.Errorf("the plan changed the participants: %d created, %d live", d.ParticipantsCreated, d.LiveParticipants)
		}
	case "destroy":
		if d.LiveParticipants != 0 {
			return fmt.Errorf("%d participants left after destroy", d.LiveParticipants)
		}
	}
	return nil
}

// rateResult holds the rate-limited applies, one entry per run.
type rateResult struct {
	n          int
	rate       float64
	maxRetries int
	times      []time.Duration
	unlimited  []time.Duration // the same apply against a mock without a limit, for context
	throttled  []int           // 429 answers
	attempts   []int           // createParticipant requests, 429s included
	failures   []int
	details    []string
}

// rateLimited applies rateN participants against a fresh mock limited to rate requests per second,
// and, alternating with it, against a fresh mock without a limit. Every apply gets its own mock, so
// each starts with a full token bucket; the participants are then dropped with the mock instead of
// destroyed, which would take as long again at that rate.
func (h *harness) rateLimited(ctx context.Context, logf func(string, ...any)) (*rateResult, error) {
	res := &rateResult{n: h.opts.rateN, rate: h.opts.rate, maxRetries: h.opts.rateRetries}
	dir := filepath.Join(h.work, "rate-limited")
	if err := writeConfig(dir, providerConfig(res.n, res.maxRetries)); err != nil {
		return nil, err
	}
	for run := 0; run < h.opts.runs; run++ {
		limits := []float64{res.rate, 0}
		if run%2 == 1 {
			limits[0], limits[1] = limits[1], limits[0]
		}
		for _, limit := range limits {
			elapsed, s, applyErr, err := h.freshApply(ctx, dir, fmt.Sprintf("mock-rate-%d-%g", run+1, limit), limit)
			if err != nil {
				return nil, err
			}
			failures := 0
			var detail []string
			if applyErr != nil {
				failures++
				detail = append(detail, firstLine(applyErr.Error()))
			}
			if bad := s.unexpected(limit > 0); bad > 0 {
				failures += bad
				detail = append(detail, fmt.Sprintf("%d error answers: %v", bad, s.Requests))
			}
			if s.ParticipantsCreated != res.n || s.LiveParticipants != res.n {
				failures++
				detail = append(detail, fmt.Sprintf("created %d (%d live), want %d", s.ParticipantsCreated, s.LiveParticipants, res.n))
			}
			if limit == 0 {
				if failures > 0 {
					return nil, fmt.Errorf("unlimited apply of %d, run %d: %s", res.n, run+1, strings.Join(detail, "; "))
				}
				res.unlimited = append(res.unlimited, elapsed)
				logf("rate-limited N=%d run %d/%d: apply without a limit %6.2fs", res.n, run+1, h.opts.runs, elapsed.Seconds())
				continue
			}
			throttled := s.count(func(status int) bool { return status == 429 })
			attempts := 0
			for _, n := range s.Requests["createParticipant"] {
				attempts += n
			}
			res.times = append(res.times, elapsed)
			res.throttled = append(res.throttled, throttled)
			res.attempts = append(res.attempts, attempts)
			res.failures = append(res.failures, failures)
			res.details = append(res.details, strings.Join(detail, "; "))
			logf("rate-limited N=%d run %d/%d: apply at %g/s     %6.2fs, %d x 429, %d createParticipant attempts, %d failures",
				res.n, run+1, h.opts.runs, res.rate, elapsed.Seconds(), throttled, attempts, failures)
		}
	}
	return res, nil
}

// freshApply applies the configuration in dir, from no state, against a mock of its own.
func (h *harness) freshApply(ctx context.Context, dir, name string, limit float64) (time.Duration, mockStats, error, error) {
	for _, file := range []string{"terraform.tfstate", "terraform.tfstate.backup"} {
		_ = os.Remove(filepath.Join(dir, file))
	}
	mock, err := startMock(ctx, h.mockBin, h.work, name, limit)
	if err != nil {
		return 0, mockStats{}, nil, err
	}
	elapsed, applyErr := h.terraform(ctx, kindProvider, dir, mock.base, "apply")
	s, statsErr := mock.stats(ctx)
	mock.stop()
	if statsErr != nil {
		return 0, s, nil, statsErr
	}
	if ctx.Err() != nil {
		return 0, s, nil, ctx.Err()
	}
	return elapsed, s, applyErr, nil
}

func tail(s string, lines int) string {
	parts := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(parts) > lines {
		parts = parts[len(parts)-lines:]
	}
	return strings.Join(parts, "\n")
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
