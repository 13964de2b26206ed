package pluginserver

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tfsdklog"
)

const testAddress = "registry.terraform.io/bandwidth-community/bandwidth"

func TestUnreadLogLevels(t *testing.T) {
	off := map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF", "TF_LOG_PROVIDER_BANDWIDTH": "OFF"}
	cases := []struct {
		name string
		env  map[string]string
		want map[string]string
	}{
		{name: "nobody reads the logs", env: nil, want: off},
		{name: "only core logs asked for", env: map[string]string{"TF_LOG_CORE": "TRACE", "TF_LOG_PATH": "tf.log"}, want: off},
		{name: "TF_LOG shows provider logs", env: map[string]string{"TF_LOG": "DEBUG"}, want: map[string]string{}},
		{name: "TF_LOG_PROVIDER shows provider logs", env: map[string]string{"TF_LOG_PROVIDER": "TRACE"}, want: map[string]string{}},
		{name: "explicit levels are kept", env: map[string]string{"TF_LOG_SDK_FRAMEWORK": "DEBUG"},
			want: map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_PROVIDER_BANDWIDTH": "OFF"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := unreadLogLevels(testAddress, func(name string) string { return tc.env[name] })
			if got == nil {
				got = map[string]string{}
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("unreadLogLevels = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestProviderLogLevel(t *testing.T) {
	for address, want := range map[string]string{
		testAddress: "TF_LOG_PROVIDER_BANDWIDTH",
		// terraform-plugin-go's own example (internal/logging.EnvTfLogProvider), and its "-" rule.
		"registry.terraform.io/hashicorp/example": "TF_LOG_PROVIDER_EXAMPLE",
		"registry.opentofu.org/acme/web-rtc":      "TF_LOG_PROVIDER_WEB_RTC",
	} {
		if got := providerLogLevel(address); got != want {
			t.Errorf("providerLogLevel(%q) = %q, want %q", address, got, want)
		}
	}
}

// TestLogLevelVariablesAreTheOnesUpstreamReads reads the sources of the pinned
// terraform-plugin-go and terraform-plugin-framework (neither exports the names) and fails when
// a variable PrepareProcess sets is no longer one they read, or when they read one it leaves
// alone: after an upgrade that renames or adds a logger, the provider would again write, and
// Terraform parse and drop, hundreds of log lines per object.
func TestLogLevelVariablesAreTheOnesUpstreamReads(t *testing.T) {
	if !slices.Contains(tfsdklog.ValidLevels, logLevelOff) {
		t.Errorf("terraform-plugin-log's levels %v no longer include %q", tfsdklog.ValidLevels, logLevelOff)
	}
	pluginGo := levelVariablesRead(t, "github.com/hashicorp/terraform-plugin-go")
	framework := levelVariablesRead(t, "github.com/hashicorp/terraform-plugin-framework")

	// The provider's logger: TF_LOG_PROVIDER, then the provider's name as a subsystem argument.
	if !pluginGo[envLogProvider].withSubsystems {
		t.Errorf("terraform-plugin-go no longer reads %s_<PROVIDER> for the provider's logger (it reads %v)", envLogProvider, slices.Sorted(maps.Keys(pluginGo)))
	}
	delete(pluginGo, envLogProvider)
	for module, want := range map[string]struct {
		read map[string]levelRead
		set  []string
	}{
		"terraform-plugin-go":        {pluginGo, []string{envLogSDK, envLogSDKProto}},
		"terraform-plugin-framework": {framework, []string{envLogSDKFramework}},
	} {
		got := slices.Sorted(maps.Keys(want.read))
		slices.Sort(want.set)
		if !slices.Equal(got, want.set) {
			t.Errorf("%s reads the logger levels %v; PrepareProcess turns off %v: update process.go", module, got, want.set)
		}
	}
	for _, name := range []string{envLogSDK, envLogSDKProto, envLogSDKFramework} {
		if !slices.Contains(pluginLogLevels(testAddress), name) {
			t.Errorf("pluginLogLevels leaves %s out", name)
		}
	}
}

type levelRead struct{ withSubsystems bool }

// levelVariablesRead returns the variables the module's non-test code passes to
// WithLevelFromEnv (tfsdklog's or tflog's), resolving named string constants of the module.
func levelVariablesRead(t *testing.T, module string) map[string]levelRead {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module).Output()
	if err != nil {
		t.Fatalf("go list -m %s: %v", module, err)
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		t.Fatalf("go list -m %s: no directory: is the module downloaded?", module)
	}
	fset := token.NewFileSet()
	constants := map[string]string{}
	var calls []*ast.CallExpr
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !bytes.Contains(src, []byte("WithLevelFromEnv(")) && !bytes.Contains(src, []byte(`"TF_LOG`)) {
			return nil
		}
		file, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if i < len(n.Values) {
						if lit, ok := n.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							constants[name.Name], _ = strconv.Unquote(lit.Value)
						}
					}
				}
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "WithLevelFromEnv" && len(n.Args) > 0 {
					calls = append(calls, n)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	read := map[string]levelRead{}
	for _, call := range calls {
		var name string
		switch arg := call.Args[0].(type) {
		case *ast.BasicLit:
			name, _ = strconv.Unquote(arg.Value)
		case *ast.Ident:
			name = constants[arg.Name]
		case *ast.SelectorExpr:
			name = constants[arg.Sel.Name]
		}
		if name == "" {
			t.Errorf("%s: WithLevelFromEnv with an argument this test cannot resolve: update the test", fset.Position(call.Pos()))
			continue
		}
		r := read[name]
		r.withSubsystems = r.withSubsystems || len(call.Args) > 1
		read[name] = r
	}
	if len(read) == 0 {
		t.Fatalf("no WithLevelFromEnv call found in %s: the way %s sets logger levels has changed", dir, module)
	}
	return read
}
