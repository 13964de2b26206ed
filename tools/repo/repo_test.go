package repo

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRootHoldsGoMod(t *testing.T) {
	root, err := Root()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Errorf("Root() = %s, which has no go.mod: %v", root, err)
	}
	if want := filepath.Dir(filepath.Dir(mustGetwd(t))); root != want {
		t.Errorf("Root() = %s, want %s, two levels above this package", root, want)
	}
}

func TestCopyConfigurationLeavesOutWorkingFiles(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	for name, content := range map[string]string{
		"main.tf":                       "# kept",
		"modules/store/main.tf":         "# kept",
		"terraform.tfstate":             "secret state",
		"terraform.tfstate.backup":      "secret state",
		".terraform.lock.hcl":           "lock",
		".terraform/providers/x":        "cache",
		".token-store/webrtc-token-dev": "a token",
	} {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := CopyConfiguration(src, dst); err != nil {
		t.Fatal(err)
	}
	var got []string
	_ = filepath.WalkDir(dst, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dst, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return nil
	})
	if len(got) != 2 || got[0] != "main.tf" || got[1] != "modules/store/main.tf" {
		t.Errorf("copied %v, want only main.tf and modules/store/main.tf", got)
	}
}

func mustGetwd(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}
