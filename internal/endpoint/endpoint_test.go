package endpoint

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	cases := []struct {
		raw     string
		wantErr string // substring; empty means valid
		baseErr string // what CheckBase says besides: a base URL takes no query or fragment
	}{
		{raw: "https://api.webrtc.bandwidth.com/v1"},
		{raw: "https://api.webrtc.bandwidth.com/v1/"},
		{raw: "https://example.com"},
		{raw: "http://127.0.0.1:8080/v1"},
		{raw: "http://127.3.4.5/v1"},
		{raw: "http://localhost:9000"},
		{raw: "http://localhost:8080/mock/v1//"},
		{raw: "http://LOCALHOST"},
		{raw: "http://[::1]:8080/v1"},
		{raw: "https://id.example.com/token?tenant=1", baseErr: "query or fragment"},
		{raw: "https://example.com/v1?x=1", baseErr: "query or fragment"},
		{raw: "https://example.com/v1?", baseErr: "query or fragment"},
		{raw: "https://example.com/v1#frag", baseErr: "query or fragment"},
		{raw: "http://example.com/v1", wantErr: "clear text"},
		{raw: "http://api.example.com/v1", wantErr: "loopback"},
		{raw: "http://10.0.0.1/v1", wantErr: "use https://"},
		{raw: "ftp://example.com/v1", wantErr: `unsupported scheme "ftp"`},
		{raw: "/v1/accounts", wantErr: "not an absolute URL"},
		{raw: "/v1", wantErr: "not an absolute URL"},
		{raw: "api.webrtc.bandwidth.com/v1", wantErr: "not an absolute URL"},
		{raw: "https://", wantErr: "not an absolute URL"},
		{raw: "", wantErr: "empty"},
		{raw: "   ", wantErr: "empty"},
		{raw: "https://user:hunter2@example.com", wantErr: "user information"},
		{raw: "https://user:hunter2@example.com/v1", wantErr: "user information"},
		{raw: "https://exa mple.com/%zz", wantErr: "not a valid URL"},
		{raw: "https://exa mple.com", wantErr: "not a valid URL"},
	}
	for _, tc := range cases {
		t.Run(tc.raw, func(t *testing.T) {
			checkResult(t, Check(tc.raw), tc.wantErr)
			baseErr := tc.wantErr
			if baseErr == "" {
				baseErr = tc.baseErr
			}
			checkResult(t, CheckBase(tc.raw), baseErr)
		})
	}
}

func checkResult(t *testing.T, err error, wantErr string) {
	t.Helper()
	if wantErr == "" {
		if err != nil {
			t.Fatalf("want valid, got %v", err)
		}
		return
	}
	if err == nil || !strings.Contains(err.Error(), wantErr) {
		t.Fatalf("want error containing %q, got %v", wantErr, err)
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("error repeats the password: %v", err)
	}
}

func TestIsLoopbackHost(t *testing.T) {
	cases := map[string]bool{
		"127.0.0.1":        true,
		"127.255.0.9":      true,
		"::1":              true,
		"[::1]":            true,
		"[::1]:443":        true,
		"localhost":        true,
		"localhost.":       true,
		"localhost:8080":   true,
		"128.0.0.1":        false,
		"10.0.0.1":         false,
		"::2":              false,
		"example.com":      false,
		"localhost.evil":   false,
		"127.0.0.1.nip.io": false,
		"":                 false,
	}
	for host, want := range cases {
		if got := IsLoopbackHost(host); got != want {
			t.Errorf("IsLoopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}
