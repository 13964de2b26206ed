package provider

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/transport"
	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/vcr"
	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// callerEnv holds the BW_* variables of the shell that ran the tests. TestMain fills it before it
// clears them, so that the mock tests stay hermetic while BW_TEST_MODE=record can still read the
// recording credentials.
var callerEnv = map[string]string{}

// BW_TEST_MODE selects what the recorded acceptance tests (TestAccRecorded_*) talk to:
//
//	mock    (default) the cassette when there is one, replayed offline; otherwise the in-process mock.
//	record  the real API (BW_WEBRTC_BASE_URL, default Bandwidth's), writing the cassette.
//	replay  the cassette only; a missing cassette is a failure.
//
// Replay needs nothing but the cassette, so the default run replays: `go test ./...` and
// `make test` prove the provider still makes exactly the recorded calls and reads the recorded
// answers correctly. The other acceptance tests always use the mock, whatever the mode.
const envTestMode = "BW_TEST_MODE"

const (
	testModeMock   = "mock"
	testModeRecord = "record"
	testModeReplay = "replay"
)

// cassetteDir holds the cassettes, at the repository root (tests run in internal/provider).
var cassetteDir = filepath.Join("..", "..", "testdata", "cassettes")

func testMode() (string, error) {
	switch mode := strings.ToLower(strings.TrimSpace(callerEnv[envTestMode])); mode {
	case "", testModeMock:
		return testModeMock, nil
	case testModeRecord, testModeReplay:
		return mode, nil
	default:
		return "", fmt.Errorf("%s=%q: use mock (the default), record or replay", envTestMode, mode)
	}
}

// recordTarget is the API a recorded test runs against, with the credentials to use there.
type recordTarget struct {
	mode      string // testModeMock (live in-process mock), testModeRecord or testModeReplay
	baseURL   string
	tokenURL  string // empty with Basic auth
	accountID string
	username  string
	password  string
	clientID  string
	secret    string

	mock *accMock      // live mock only: extra checks may use its internals
	rec  *vcr.Recorder // record and replay
}

var safeCassetteName = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// newRecordTarget sets a recorded test up for the mode in BW_TEST_MODE. In record and replay it
// routes every request of the provider (served by target.factories) and of target.apiClient
// through the go-vcr recorder.
func newRecordTarget(t *testing.T) *recordTarget {
	t.Helper()
	mode, err := testMode()
	if err != nil {
		t.Fatal(err)
	}
	cassette := filepath.Join(cassetteDir, safeCassetteName.ReplaceAllString(t.Name(), "_"))
	_, statErr := os.Stat(cassette + ".yaml")
	haveCassette := statErr == nil

	switch {
	case mode == testModeRecord:
		return recordingTarget(t, cassette)
	case mode == testModeReplay && !haveCassette:
		t.Fatalf("%s=replay: no cassette %s.yaml; record it with `make testacc-record` (real API) or `make testacc-record-mock`", envTestMode, cassette)
	case haveCassette:
		return replayTarget(t, cassette)
	}
	t.Logf("no cassette %s.yaml: running against the in-process mock", cassette)
	m := startMock(t, webrtcmock.Options{})
	return &recordTarget{
		mode: testModeMock, baseURL: m.server.BaseURL(), tokenURL: m.server.TokenURL(), accountID: m.opts.AccountID,
		clientID: m.opts.ClientID, secret: m.opts.ClientSecret, mock: m,
	}
}

// recordingTarget reads the caller's BW_* settings and records a cassette against that API.
func recordingTarget(t *testing.T, cassette string) *recordTarget {
	t.Helper()
	if missing := missingRecordingSettings(callerEnv); len(missing) > 0 {
		t.Fatalf("%s=record needs real Bandwidth credentials; missing: %s", envTestMode, strings.Join(missing, ", "))
	}
	tg := &recordTarget{
		mode:      testModeRecord,
		baseURL:   firstSet(callerEnv[envBaseURL], defaultBaseURL),
		accountID: callerEnv[envAccountID],
		username:  callerEnv[envUsername],
		password:  callerEnv[envPassword],
		clientID:  callerEnv[envClientID],
		secret:    callerEnv[envClientSecret],
	}
	if tg.clientID != "" {
		tg.tokenURL = firstSet(callerEnv[envOAuthTokenURL], defaultOAuthTokenURL)
	}
	rec, err := vcr.Start(vcr.Config{
		Cassette:  cassette,
		Mode:      vcr.Record,
		AccountID: tg.accountID,
		Secrets:   vcr.CredentialSecrets(tg.username, tg.password, tg.clientID, tg.secret),
	})
	if err != nil {
		t.Fatal(err)
	}
	tg.rec = rec
	t.Cleanup(func() {
		if t.Failed() {
			_ = rec.Stop(false)
			t.Logf("test failed: cassette %s not written", rec.File())
			return
		}
		if err := rec.Stop(true); err != nil {
			t.Errorf("saving cassette: %v", err)
			return
		}
		findings, err := vcr.ScanFile(rec.File(), rec.Known())
		if err != nil || len(findings) > 0 {
			_ = os.Remove(rec.File())
			t.Errorf("cassette %s removed: secret scan failed: %v %v", rec.File(), err, findings)
			return
		}
		t.Logf("recorded %s; secret scan clean", rec.File())
	})
	return tg
}

// missingRecordingSettings names what a recording needs and env lacks.
func missingRecordingSettings(env map[string]string) []string {
	var missing []string
	if env[envAccountID] == "" {
		missing = append(missing, envAccountID)
	}
	oauth := env[envClientID] != "" || env[envClientSecret] != ""
	basic := env[envUsername] != "" || env[envPassword] != ""
	switch {
	case oauth:
		for _, name := range []string{envClientID, envClientSecret} {
			if env[name] == "" {
				missing = append(missing, name)
			}
		}
	case basic:
		for _, name := range []string{envUsername, envPassword} {
			if env[name] == "" {
				missing = append(missing, name)
			}
		}
	default:
		missing = append(missing, envClientID+" and "+envClientSecret+" (or "+envUsername+" and "+envPassword+")")
	}
	return missing
}

// replayTarget serves the cassette. The provider is pointed at a loopback listener that counts
// connections: any TCP connection at all fails the test, so the replay is provably offline.
func replayTarget(t *testing.T, cassette string) *recordTarget {
	t.Helper()
	info, err := vcr.Describe(cassette)
	if err != nil {
		t.Fatal(err)
	}
	root, connections := offlineListener(t)
	t.Cleanup(func() {
		if n := connections(); n > 0 {
			t.Errorf("replay opened %d TCP connection(s) to %s: it must not touch the network", n, root)
		}
	})
	tg := &recordTarget{mode: testModeReplay, baseURL: root + info.APIPrefix, accountID: vcr.PlaceholderAccountID}
	if info.TokenPath != "" {
		tg.tokenURL, tg.clientID, tg.secret = root+info.TokenPath, "replay-client-id", "replay-client-secret"
	} else {
		tg.username, tg.password = "replay-user", "replay-password"
	}
	rec, err := vcr.Start(vcr.Config{Cassette: cassette, Mode: vcr.Replay, AccountID: tg.accountID})
	if err != nil {
		t.Fatal(err)
	}
	tg.rec = rec
	t.Cleanup(func() {
		_ = rec.Stop(false)
		for _, p := range rec.Problems() {
			// Unused interactions only matter when everything else went as recorded.
			if strings.HasPrefix(p, "recorded interaction") && t.Failed() {
				continue
			}
			t.Errorf("replay of %s: %s", rec.File(), p)
		}
	})
	return tg
}

// offlineListener returns the root URL of a loopback port that accepts, counts and drops
// connections, and the count so far.
func offlineListener(t *testing.T) (root string, accepted func() int64) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int64
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			n.Add(1)
			_ = conn.Close()
		}
	}()
	t.Cleanup(func() { _ = l.Close() })
	return "http://" + l.Addr().String(), n.Load
}

// factories serves the provider for a recorded test: in record and replay, every request the
// provider makes goes through the recorder (WithBaseTransport).
func (tg *recordTarget) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	var opts []Option
	if tg.rec != nil {
		opts = append(opts, WithBaseTransport(tg.rec))
	}
	return map[string]func() (tfprotov6.ProviderServer, error){
		"bandwidth": func() (tfprotov6.ProviderServer, error) { return NewProtocol6Server("test", opts...)(), nil },
	}
}

// providerBlock configures the provider for the target, with the target's kind of credentials.
func (tg *recordTarget) providerBlock() string {
	var auth string
	if tg.clientID != "" {
		auth = fmt.Sprintf("  client_id       = %q\n  client_secret   = %q\n  oauth_token_url = %q\n", tg.clientID, tg.secret, tg.tokenURL)
	} else {
		auth = fmt.Sprintf("  username = %q\n  password = %q\n", tg.username, tg.password)
	}
	return fmt.Sprintf(`
provider "bandwidth" {
  account_id = %q
  base_url   = %q
%s}
`, tg.accountID, tg.baseURL, auth)
}

// apiClient calls the target directly, for checks outside Terraform. In record and replay its
// requests go through the recorder too: they are part of the cassette.
func (tg *recordTarget) apiClient(t *testing.T) *webrtc.Client {
	t.Helper()
	opts := transport.Options{MaxRetries: 2}
	if tg.rec != nil {
		opts.Base = tg.rec
	}
	if tg.clientID != "" {
		opts.OAuth2 = &transport.OAuth2Credentials{ClientID: tg.clientID, ClientSecret: tg.secret, TokenURL: tg.tokenURL}
	} else {
		opts.Basic = &transport.BasicCredentials{Username: tg.username, Password: tg.password}
	}
	httpClient, err := transport.NewHTTPClient(opts)
	if err != nil {
		t.Fatal(err)
	}
	c, err := webrtc.New(webrtc.Config{BaseURL: tg.baseURL, AccountID: tg.accountID, HTTPClient: httpClient})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func firstSet(values ...string) string {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// TestOfflineListenerCountsConnections: the replay's proof of being offline can see a connection.
func TestOfflineListenerCountsConnections(t *testing.T) {
	root, connections := offlineListener(t)
	if got := connections(); got != 0 {
		t.Fatalf("fresh listener counted %d connections", got)
	}
	conn, err := net.Dial("tcp", strings.TrimPrefix(root, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	_ = conn.Close()
	deadline := time.Now().Add(5 * time.Second)
	for connections() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := connections(); got != 1 {
		t.Fatalf("counted %d connections after one dial, want 1", got)
	}
}

func TestMissingRecordingSettings(t *testing.T) {
	cases := map[string]struct {
		env  map[string]string
		want []string
	}{
		"nothing":    {env: nil, want: []string{envAccountID, "BW_CLIENT_ID and BW_CLIENT_SECRET (or BW_USERNAME and BW_PASSWORD)"}},
		"oauth":      {env: map[string]string{envAccountID: "1", envClientID: "id", envClientSecret: "s"}},
		"basic":      {env: map[string]string{envAccountID: "1", envUsername: "u", envPassword: "p"}},
		"half oauth": {env: map[string]string{envAccountID: "1", envClientID: "id"}, want: []string{envClientSecret}},
		"half basic": {env: map[string]string{envPassword: "p"}, want: []string{envAccountID, envUsername}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := missingRecordingSettings(tc.env); !slices.Equal(got, tc.want) {
				t.Fatalf("missing = %q, want %q", got, tc.want)
			}
		})
	}
}
