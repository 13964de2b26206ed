package explorer

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"testing"
	"time"
)

// toolchain is built once per test process by TestMain: the provider from the current source
// and a CLI configuration pointing at it. nil when no CLI was found (toolchainErr says why).
var (
	toolchain    *Toolchain
	toolchainErr error
)

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(func() int {
		cli, err := FindCLI()
		if err != nil {
			toolchainErr = err
			fmt.Fprintf(os.Stderr, "\n*** EXPLORER TESTS SKIPPED: %v ***\n\n", err)
			return m.Run()
		}
		dir, err := os.MkdirTemp("", "explorer-toolchain-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		start := time.Now()
		toolchain, err = BuildToolchain(dir, cli)
		if err != nil {
			// The tests that need the provider fail with this; the others still run.
			toolchainErr = err
			fmt.Fprintf(os.Stderr, "explorer: %v\n", err)
			return m.Run()
		}
		if testing.Verbose() {
			fmt.Fprintf(os.Stderr, "explorer: built the provider in %s; CLI %s\n", time.Since(start).Round(time.Millisecond), cli)
		}
		return m.Run()
	}())
}

// needToolchain skips, loudly, when no CLI is available, and fails when the provider did not build.
func needToolchain(t *testing.T) *Toolchain {
	t.Helper()
	switch {
	case errors.Is(toolchainErr, ErrNoCLI):
		t.Skipf("*** SKIPPED: %v ***", toolchainErr)
	case toolchainErr != nil:
		t.Fatal(toolchainErr)
	}
	return toolchain
}

// replay runs a fixed step list and fails the test on a violation, printing the steps.
func replay(t *testing.T, steps []Step) {
	t.Helper()
	tc := needToolchain(t)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	res, err := tc.Run(ctx, steps, Options{Logf: t.Logf, ShowCLIOutput: os.Getenv("EXPLORER_SHOW_CLI") != ""})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	for _, n := range res.Notes {
		t.Logf("note: %s", n)
	}
	if res.Violation != nil {
		t.Errorf("%s broke %s:\n%s\nsteps:\n%s", res.Violation.where(len(steps)), res.Violation.Invariant,
			indent(res.Violation.Detail, "  "), FormatSteps(steps))
	}
}
