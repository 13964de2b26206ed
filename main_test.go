package main

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// releaseOSes are the operating systems .goreleaser.yml builds for: a file built for one of them
// alone could link a package there only.
var releaseOSes = []string{"darwin", "freebsd", "linux", "windows"}

// TestBinaryLinksNoTools fails when a package under tools/ (the mock, the recorder, the test
// harnesses, the developer programs) is compiled into the provider binary: they exist for tests
// and developers, and only _test.go files of the shipped packages may import them.
func TestBinaryLinksNoTools(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go is not on PATH; this test lists the binary's packages with `go list -deps`: %v", err)
	}
	module := strings.TrimSpace(goList(t, goBin, "", "-f", "{{.ImportPath}}", "."))
	for _, goos := range releaseOSes {
		t.Run(goos, func(t *testing.T) {
			deps := strings.Fields(goList(t, goBin, goos, "-deps", "-f", "{{.ImportPath}}", "."))
			// A listing without the provider itself would let any layout pass.
			if !slices.Contains(deps, module+"/internal/provider") {
				t.Fatalf("go list -deps . (GOOS=%s) does not list %s/internal/provider:\n%s",
					goos, module, strings.Join(deps, "\n"))
			}
			var linked []string
			for _, p := range deps {
				if strings.HasPrefix(p, module+"/tools/") {
					linked = append(linked, p)
				}
			}
			if len(linked) > 0 {
				t.Errorf("the provider binary (GOOS=%s) links packages under tools/, which are for tests "+
					"and developers only; import them from _test.go files:\n%s", goos, strings.Join(linked, "\n"))
			}
		})
	}
}

// goList runs `go list args...` in the repository root (this package's directory), for goos
// when it is not empty, with cgo off as in the release build.
func goList(t *testing.T, goBin, goos string, args ...string) string {
	t.Helper()
	cmd := exec.Command(goBin, append([]string{"list"}, args...)...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if goos != "" {
		cmd.Env = append(cmd.Env, "GOOS="+goos)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}
