package vcr

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Credentials `make testacc-record-mock` gives the mock it records against, standing in for real
// ones: the shipped cassettes must not contain them.
var mockRecordingSecrets = []string{
	"5551234", // account id
	"vcr-rec-user", "vcr-rec-password-Q7x2", "vcr-rec-client-K9p4", "vcr-rec-secret-W3m8",
	base64.StdEncoding.EncodeToString([]byte("vcr-rec-client-K9p4:vcr-rec-secret-W3m8")),
	base64.StdEncoding.EncodeToString([]byte("vcr-rec-user:vcr-rec-password-Q7x2")),
}

// TestCassettesHoldNoSecrets scans every shipped cassette.
func TestCassettesHoldNoSecrets(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "cassettes")
	var files []string
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".yaml") {
			files = append(files, path)
		}
		return nil
	})
	if len(files) == 0 {
		t.Fatalf("no cassettes under %s", dir)
	}
	findings, err := ScanDir(dir, mockRecordingSecrets)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Errorf("%s", f)
	}
	t.Logf("scanned %d cassettes: %d findings", len(files), len(findings))
}

func TestScanFindsPlantedSecrets(t *testing.T) {
	token := liveToken(t)
	placeholder := (&Scrubber{}).placeholderJWT(token)
	cases := map[string]struct {
		line string
		want string // "" means clean
	}{
		"authorization header": {"            Authorization:", "Authorization header"},
		"bearer":               {`        body: 'Bearer abcdef0123456789'`, "Bearer credential"},
		"basic":                {`        body: 'Basic dXNlcjpwYXNzd29yZA=='`, "Basic credential"},
		"access token":         {`        body: '{"access_token":"abc.def-123","expires_in":3600}'`, "access_token"},
		"escaped access token": {`        body: "{\"access_token\":\"abc.def-123\"}"`, "access_token"},
		"form access token":    {`        body: access_token=abc123&x=1`, "access_token"},
		"client secret":        {`        body: client_id=a&client_secret=s3cr3t`, "client_secret value"},
		"password":             {`        body: '{"password":"pw123456"}'`, "password value"},
		"jwt":                  {`        body: '{"token":"` + token + `"}'`, "is not a placeholder"},
		"known value":          {`        body: 'vcr-rec-secret-W3m8'`, "known secret"},
		"account id":           {`        url: https://x/v1/accounts/5551234/participants`, "known secret"},
		"placeholder jwt":      {`        body: '{"token":"` + placeholder + `"}'`, ""},
		"placeholder access":   {`        body: '{"access_token":"` + PlaceholderAccessToken + `"}'`, ""},
		"scrubbed bearer":      {`        body: 'Bearer scrubbed'`, ""},
		"prose":                {`        body: 'Bearer authentication is required'`, ""},
		"uuid":                 {`        url: https://x/v1/accounts/9900000/participants/2a658efc-a1ce-4525-b22d-ec5d5b03322e`, ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			findings := ScanBytes("c.yaml", []byte("---\n"+tc.line+"\n"), mockRecordingSecrets)
			if tc.want == "" {
				if len(findings) > 0 {
					t.Fatalf("false positive: %v", findings)
				}
				return
			}
			if len(findings) == 0 || !strings.Contains(findings[0].String(), tc.want) {
				t.Fatalf("want a finding %q, got %v", tc.want, findings)
			}
			for _, f := range findings {
				if strings.Contains(f.String(), "vcr-rec-secret") || strings.Contains(f.String(), "s3cr3t") {
					t.Fatalf("finding quotes the secret: %s", f)
				}
			}
		})
	}
}

// TestScanFileDecodes catches what only the decoded cassette shows: a header off the allow-list,
// and a JWT split over YAML lines.
func TestScanFileDecodes(t *testing.T) {
	token := liveToken(t)
	half := len(token) / 2
	cassette := "---\nversion: 2\ninteractions:\n    - id: 0\n      request:\n        url: https://x/v1\n        method: GET\n" +
		"        headers:\n            X-Api-Key:\n                - k\n" +
		"      response:\n        body: \"" + token[:half] + "\\\n          " + token[half:] + "\"\n        code: 200\n"
	path := filepath.Join(t.TempDir(), "split.yaml")
	if err := os.WriteFile(path, []byte(cassette), 0o600); err != nil {
		t.Fatal(err)
	}
	findings, err := ScanFile(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(findingStrings(findings), "\n")
	for _, want := range []string{`header "X-Api-Key" is not on the allow-list`, "response body: JWT"} {
		if !strings.Contains(all, want) {
			t.Errorf("missing finding %q in:\n%s", want, all)
		}
	}
}
