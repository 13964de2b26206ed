// Package repo finds the repository's own files for tests and test harnesses: its root, and
// copies of Terraform configurations without what a run in place leaves behind.
package repo

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Root is the directory holding go.mod, at or above the working directory (a test's working
// directory is its package's directory).
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod at or above the working directory")
		}
		dir = parent
	}
}

// CopyConfiguration copies the files under src to dst, leaving out Terraform's working files
// (.terraform, state, the lock file) and the demo token store's secrets (.token-store).
func CopyConfiguration(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && (name == ".terraform" || name == ".token-store") {
			return filepath.SkipDir
		}
		if strings.HasSuffix(name, ".tfstate") || strings.Contains(name, ".tfstate.") || name == ".terraform.lock.hcl" {
			return nil
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		content, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, content, 0o644)
	})
}
