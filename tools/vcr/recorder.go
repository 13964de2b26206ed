package vcr

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
	"gopkg.in/dnaeon/go-vcr.v4/pkg/recorder"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/secrets"
)

// Mode says whether a Recorder talks to the API or only to its cassette.
type Mode int

const (
	// Record sends every request to the API and, on Save, writes the scrubbed cassette.
	Record Mode = iota + 1
	// Replay answers from the cassette only; nothing is sent anywhere.
	Replay
)

func (m Mode) String() string {
	switch m {
	case Record:
		return "record"
	case Replay:
		return "replay"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// Config configures Start.
type Config struct {
	// Cassette is the cassette file without its ".yaml" suffix.
	Cassette string
	Mode     Mode
	// AccountID is the account id in the live requests: the real one when recording, usually
	// PlaceholderAccountID when replaying (another id is mapped to the placeholder for matching,
	// and back in the answers).
	AccountID string
	// Secrets must never be written (recording credentials; see CredentialSecrets).
	Secrets []string
	// Real sends requests when recording; nil means a clone of http.DefaultTransport.
	Real http.RoundTripper
}

// Recorder is an http.RoundTripper for transport.Options.Base. Where replay cannot answer a
// request it answers 400 with the method and path in the error (never retried, so the provider
// fails at once), and remembers it for Problems.
type Recorder struct {
	rec      *recorder.Recorder
	mode     Mode
	file     string
	scrubber *Scrubber

	mu       sync.Mutex
	problems []string
}

// Start loads (replay) or begins (record) a cassette.
func Start(cfg Config) (*Recorder, error) {
	r := &Recorder{mode: cfg.Mode, file: cfg.Cassette + ".yaml"}
	opts := []recorder.Option{
		recorder.WithSkipRequestLatency(true),
		recorder.WithMatcher(Matcher(cfg.AccountID)),
		// Each recorded answer is served once, in order per matching request.
		recorder.WithReplayableInteractions(false),
	}
	switch cfg.Mode {
	case Record:
		live := cfg.Real
		if live == nil {
			live = http.DefaultTransport.(*http.Transport).Clone()
		}
		r.scrubber = &Scrubber{AccountID: cfg.AccountID, Secrets: nonEmpty(append([]string(nil), cfg.Secrets...))}
		opts = append(opts,
			recorder.WithMode(recorder.ModeRecordOnly),
			recorder.WithRealTransport(live),
			recorder.WithHook(r.scrubber.Interaction, recorder.BeforeSaveHook),
			recorder.WithFS(&guardedFS{known: r.scrubber.Known}),
		)
	case Replay:
		opts = append(opts,
			recorder.WithMode(recorder.ModeReplayOnly),
			recorder.WithRealTransport(offline{r}),
			recorder.WithHook(r.noteUnused, recorder.OnRecorderStopHook),
		)
		if cfg.AccountID != "" && cfg.AccountID != PlaceholderAccountID {
			opts = append(opts, recorder.WithHook(mapAccountBack(cfg.AccountID), recorder.BeforeResponseReplayHook))
		}
	default:
		return nil, fmt.Errorf("vcr: unknown mode %v", cfg.Mode)
	}
	rec, err := recorder.New(cfg.Cassette, opts...)
	if errors.Is(err, cassette.ErrCassetteNotFound) {
		return nil, fmt.Errorf("vcr: no cassette %s to replay: record it first (make testacc-record)", r.file)
	}
	if err != nil {
		return nil, fmt.Errorf("vcr: %w", err)
	}
	r.rec = rec
	return r, nil
}

// File is the cassette's path.
func (r *Recorder) File() string { return r.file }

// Mode is the mode the recorder was started in.
func (r *Recorder) Mode() Mode { return r.mode }

// RoundTrip records or replays one request.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.rec.RoundTrip(req)
	if errors.Is(err, cassette.ErrInteractionNotFound) {
		what := r.describe(req)
		r.problem("no recorded interaction left for " + what)
		return notInCassette(req, what), nil
	}
	if err != nil {
		return nil, err
	}
	resp.Request = req
	return resp, nil
}

// Stop ends the run. In replay it notes recorded interactions that were never asked for. In record
// mode it saves the cassette only when save is true (a failed test must not leave a cassette
// that replays a failure): the BeforeSaveHook scrubs every interaction, then the bytes are scanned
// once more before they reach the disk.
func (r *Recorder) Stop(save bool) error {
	if r.mode == Record && !save {
		return nil
	}
	return r.rec.Stop()
}

// Problems lists requests replay could not answer, recorded interactions a replay never used,
// and any attempt to reach the network while replaying.
func (r *Recorder) Problems() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.problems...)
}

// Known is what a secret scan of the recorded cassette should look for: the recording
// credentials, the account id, and every token replaced while scrubbing. Replay knows none.
func (r *Recorder) Known() []string {
	if r.scrubber == nil {
		return nil
	}
	return r.scrubber.Known()
}

func (r *Recorder) problem(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.problems = append(r.problems, msg)
}

func (r *Recorder) noteUnused(i *cassette.Interaction) error {
	if !i.WasReplayed() {
		r.problem(fmt.Sprintf("recorded interaction %d (%s %s) was never requested: the provider's calls differ from the recording",
			i.ID, i.Request.Method, pathOf(i.Request.URL)))
	}
	return nil
}

// mapAccountBack gives a replay run with another account id its own id in the answers, where
// the cassette has the placeholder. Each interaction is served once, so editing it is safe.
func mapAccountBack(accountID string) recorder.HookFunc {
	return func(i *cassette.Interaction) error {
		body := secrets.JWT.ReplaceAllStringFunc(i.Response.Body, func(token string) string {
			return withAccountClaim(token, accountID)
		})
		i.Response.Body = replaceWord(body, PlaceholderAccountID, accountID)
		i.Response.ContentLength = int64(len(i.Response.Body))
		headers := http.Header{}
		for name, values := range i.Response.Headers {
			for _, v := range values {
				headers.Add(name, replaceWord(v, PlaceholderAccountID, accountID))
			}
		}
		i.Response.Headers = headers
		return nil
	}
}

// withAccountClaim re-encodes a placeholder JWT whose account claim is the placeholder.
func withAccountClaim(token, accountID string) string {
	parts := strings.Split(token, ".")
	if !isPlaceholderJWT(token) {
		return token
	}
	claims, ok := decodeSegment(parts[1])
	if !ok || claims["a"] != PlaceholderAccountID {
		return token
	}
	claims["a"] = accountID
	return parts[0] + "." + encodeSegment(claims) + "." + parts[2]
}

// describe names a request for a failure message, scrubbed like a cassette would be.
func (r *Recorder) describe(req *http.Request) string {
	s := &Scrubber{}
	what := req.Method + " " + req.URL.Path
	if req.URL.RawQuery != "" {
		what += "?" + s.text(req.URL.RawQuery)
	}
	if body, ok := peekBody(req); ok && body != "" {
		what += " with body " + s.Body(body, req.Header.Get("Content-Type"))
	}
	return what
}

// notInCassette answers a request replay cannot serve. 400 is retried by nobody, so the provider
// reports the message at once instead of backing off against a cassette.
func notInCassette(req *http.Request, what string) *http.Response {
	msg := "go-vcr replay: no recorded interaction left for " + what +
		"; the provider's requests differ from the cassette: re-record it (make testacc-record)"
	body := encodeJSON(map[string]any{"error": msg, "error_description": msg})
	return &http.Response{
		Status:        "400 Bad Request",
		StatusCode:    http.StatusBadRequest,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}

// offline is the real transport of a replaying recorder: go-vcr in ModeReplayOnly never calls it,
// and if it ever did, the replay would not be offline.
type offline struct{ r *Recorder }

func (o offline) RoundTrip(req *http.Request) (*http.Response, error) {
	o.r.problem("replay tried to reach the network: " + req.Method + " " + req.URL.Host + req.URL.Path)
	return nil, errors.New("vcr: replay is offline; refusing to send " + req.Method + " " + req.URL.Path)
}

// guardedFS writes a cassette only if a scan of its bytes finds no secret.
type guardedFS struct {
	known func() []string
}

func (g *guardedFS) ReadFile(name string) ([]byte, error) { return os.ReadFile(filepath.Clean(name)) }

func (g *guardedFS) IsFileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

func (g *guardedFS) WriteFile(name string, data []byte) error {
	if findings := ScanBytes(name, data, g.known()); len(findings) > 0 {
		return fmt.Errorf("vcr: refusing to write %s: %s", name, strings.Join(findingStrings(findings), "; "))
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o750); err != nil {
		return err
	}
	return os.WriteFile(name, data, 0o600) // git records no permissions but the executable bit
}
