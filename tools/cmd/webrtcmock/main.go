// Command webrtcmock serves the in-memory Bandwidth WebRTC API mock on a local address, for demos,
// scripts and benchmarks. It runs in the foreground until SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "webrtcmock:", err)
		os.Exit(1)
	}
}

type config struct {
	addr      string
	readyFile string
	rateLimit float64
	faults    []string
	opts      webrtcmock.Options
}

func run(args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}

	m := webrtcmock.New(cfg.opts)
	m.SetRateLimit(cfg.rateLimit)
	for _, spec := range cfg.faults {
		op, f, _ := webrtcmock.ParseFault(spec) // already validated while parsing flags
		m.Inject(op, f)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv, err := m.Start(cfg.addr)
	if err != nil {
		return err
	}
	printBanner(stdout, srv, cfg)
	if cfg.readyFile != "" {
		if err := writeReadyFile(cfg.readyFile, srv.BaseURL()); err != nil {
			_ = srv.Close()
			return err
		}
		defer os.Remove(cfg.readyFile) // a stale file would tell the next script a dead mock is up
	}

	<-ctx.Done()
	fmt.Fprintln(stdout, "shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	defaults := webrtcmock.Options{}.WithDefaults()
	cfg := config{opts: defaults}
	fs := flag.NewFlagSet("webrtcmock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "listen address; port 0 picks a free port")
	fs.StringVar(&cfg.opts.AccountID, "account", defaults.AccountID, "account id accepted in /v1/accounts/{accountId}")
	fs.StringVar(&cfg.opts.Username, "username", defaults.Username, "Basic auth user name")
	fs.StringVar(&cfg.opts.Password, "password", defaults.Password, "Basic auth password")
	fs.StringVar(&cfg.opts.ClientID, "client-id", defaults.ClientID, "OAuth2 client id")
	fs.StringVar(&cfg.opts.ClientSecret, "client-secret", defaults.ClientSecret, "OAuth2 client secret")
	fs.DurationVar(&cfg.opts.TokenLifetime, "token-lifetime", defaults.TokenLifetime, "participant JWT lifetime")
	fs.DurationVar(&cfg.opts.AccessTokenLifetime, "access-token-lifetime", defaults.AccessTokenLifetime, "OAuth2 access token lifetime")
	fs.BoolVar(&cfg.opts.LegacySubscriptionsOnCreate, "legacy-subscriptions", false,
		"store subscriptions sent on createParticipant and join their session (pre-2.0 API) instead of ignoring them")
	fs.Func("variant", "behave as the real API might where Bandwidth's documentation is silent; repeatable, "+
		"or several comma-separated (contradictory pairs are refused). Variants:\n"+indent(webrtcmock.VariantHelp()),
		func(list string) error {
			variants, err := webrtcmock.ParseVariants(list)
			if err != nil {
				return err
			}
			cfg.opts.Variants = append(cfg.opts.Variants, variants...)
			return webrtcmock.CheckVariants(cfg.opts.Variants)
		})
	fs.Float64Var(&cfg.rateLimit, "rate-limit", 0, "requests per second before answering 429 (0 = off)")
	fs.StringVar(&cfg.readyFile, "ready-file", "", "write the base URL to this file once listening (removed on exit)")
	fs.Func("fault", "inject a fault; repeatable. Syntax:\n"+indent(webrtcmock.FaultSyntax), func(spec string) error {
		if _, _, err := webrtcmock.ParseFault(spec); err != nil {
			return err
		}
		cfg.faults = append(cfg.faults, spec)
		return nil
	})
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: webrtcmock [flags]\n\nServes an in-memory Bandwidth WebRTC API (spec 2.0.0) and OAuth2 token endpoint.\nGET /mock/stats returns the request counters as JSON.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	cfg.opts = cfg.opts.WithDefaults()
	return cfg, nil
}

// printBanner shows the demo credentials on purpose: they only unlock this mock.
func printBanner(w io.Writer, srv *webrtcmock.Server, cfg config) {
	o := cfg.opts
	subscriptions := "ignored on create (spec 2.0.0)"
	if o.LegacySubscriptionsOnCreate {
		subscriptions = "stored on create (legacy API)"
	}
	rate := "off"
	if cfg.rateLimit > 0 {
		rate = fmt.Sprintf("%g requests/s", cfg.rateLimit)
	}
	accounts := srv.BaseURL() + "/accounts/" + o.AccountID
	fmt.Fprintf(w, `Bandwidth WebRTC API mock
  base URL:       %s
  token URL:      %s
  stats:          %s
  account id:     %s
  basic auth:     %s:%s
  oauth2 client:  %s:%s
  subscriptions:  %s
  rate limit:     %s
  faults:         %s
  variants:       %s

Try:
  curl -s -u '%[5]s:%[6]s' -H 'Content-Type: application/json' -d '{"tag":"demo"}' %[13]s/participants
  curl -s -u '%[5]s:%[6]s' -H 'Content-Type: application/json' -d '{"tag":"demo"}' %[13]s/sessions
  curl -s -u '%[7]s:%[8]s' -d grant_type=client_credentials %[2]s
  curl -s -H "Authorization: Bearer $ACCESS_TOKEN" %[13]s/sessions/$SESSION_ID
  curl -s %[3]s
`,
		srv.BaseURL(), srv.TokenURL(), srv.StatsURL(), o.AccountID,
		o.Username, o.Password, o.ClientID, o.ClientSecret,
		subscriptions, rate, faultList(cfg.faults), variantList(o.Variants), accounts)
}

func faultList(faults []string) string {
	if len(faults) == 0 {
		return "none"
	}
	return strings.Join(faults, ", ")
}

func variantList(variants []webrtcmock.Variant) string {
	if len(variants) == 0 {
		return "none (the documented reading)"
	}
	names := make([]string, len(variants))
	for i, v := range variants {
		names[i] = string(v)
	}
	return strings.Join(names, ", ")
}

func indent(text string) string {
	return "    " + strings.ReplaceAll(text, "\n", "\n    ")
}

// writeReadyFile renames into place so a script polling for the file never reads half of it.
func writeReadyFile(path, baseURL string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".webrtcmock-ready-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(baseURL + "\n"); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
