package transport

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"sync/atomic"
	"testing"
	"time"
)

// simulatedDialTimeout is what a dialer reports when the peer never answers its SYN.
type simulatedDialTimeout struct{}

func (simulatedDialTimeout) Error() string   { return "dial tcp 192.0.2.1:443: i/o timeout (simulated)" }
func (simulatedDialTimeout) Timeout() bool   { return true }
func (simulatedDialTimeout) Temporary() bool { return true }

var _ net.Error = simulatedDialTimeout{}

// divertFirstDial returns a clone of base whose first dial is answered by first and whose later
// dials reach the address asked for; dials counts them all.
func divertFirstDial(base *http.Transport, first func(ctx context.Context, network, addr string) (net.Conn, error)) (*http.Transport, *atomic.Int32) {
	var dials atomic.Int32
	var dialer net.Dialer
	tr := base.Clone()
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) == 1 {
			return first(ctx, network, addr)
		}
		return dialer.DialContext(ctx, network, addr)
	}
	return tr, &dials
}

// postOnce sends one create through a client on tr and fails the test unless the server saw
// exactly one POST and the caller got its answer.
func postOnce(t *testing.T, opts Options, url string, hits *atomic.Int32, dials *atomic.Int32) {
	t.Helper()
	resp, body, err := do(t, newTestClient(t, opts), context.Background(), http.MethodPost, url+"/v1/accounts/1/participants", `{"tag":"t"}`)
	if err != nil {
		t.Fatalf("a create that never reached the wire must be retried, got %v (OutcomeUnknown %v)", err, OutcomeUnknown(http.MethodPost, err))
	}
	if resp.StatusCode != http.StatusCreated || body != `{"id":"p-1"}` {
		t.Fatalf("got %d %q", resp.StatusCode, body)
	}
	if n := hits.Load(); n != 1 {
		t.Fatalf("server received %d POSTs, want 1", n)
	}
	if n := dials.Load(); n != 2 {
		t.Fatalf("%d dials, want 2 (the failed one, then the retry's)", n)
	}
}

func createdOnce(_ int32, w http.ResponseWriter, r *http.Request) {
	_, _ = io.ReadAll(r.Body)
	w.WriteHeader(http.StatusCreated)
	_, _ = io.WriteString(w, `{"id":"p-1"}`)
}

func TestPostRetriedAfterDialTimeout(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		requestTimeout time.Duration
		dial           func(ctx context.Context, release <-chan struct{}) (net.Conn, error)
	}{
		"dialer reports a timeout": {
			dial: func(context.Context, <-chan struct{}) (net.Conn, error) { return nil, simulatedDialTimeout{} },
		},
		"dial outlasts the attempt timeout": {
			requestTimeout: 300 * time.Millisecond,
			// net/http detaches the dial from the request's deadline: the dial hangs on after the
			// attempt gave up, and its late failure must not disturb the retry.
			dial: func(ctx context.Context, release <-chan struct{}) (net.Conn, error) {
				select {
				case <-ctx.Done():
				case <-release:
				}
				return nil, simulatedDialTimeout{}
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, hits := countingServer(t, createdOnce)
			release := make(chan struct{})
			t.Cleanup(func() { close(release) })
			base, dials := divertFirstDial(defaultBase(), func(ctx context.Context, _, _ string) (net.Conn, error) {
				return tc.dial(ctx, release)
			})
			opts := testOptions()
			opts.Base = base
			opts.RequestTimeout = tc.requestTimeout
			postOnce(t, opts, srv.URL, hits, dials)
		})
	}
}

func TestPostRetriedAfterTLSHandshakeFailure(t *testing.T) {
	t.Parallel()
	cases := map[string]func(conn net.Conn){
		"peer speaks something else": func(conn net.Conn) {
			_, _ = io.WriteString(conn, "SSH-2.0-OpenSSH_9.6\r\nnot a TLS server\r\n")
		},
		"peer hangs up during the handshake": func(conn net.Conn) {
			_, _ = conn.Read(make([]byte, 512)) // the ClientHello
		},
	}
	for name, misbehave := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var hits atomic.Int32
			srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				createdOnce(hits.Add(1), w, r)
			}))
			t.Cleanup(srv.Close)
			bogus, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = bogus.Close() })
			go func() {
				for {
					conn, err := bogus.Accept()
					if err != nil {
						return
					}
					misbehave(conn)
					_ = conn.Close()
				}
			}()
			var dialer net.Dialer
			base, dials := divertFirstDial(srv.Client().Transport.(*http.Transport), func(ctx context.Context, network, _ string) (net.Conn, error) {
				return dialer.DialContext(ctx, network, bogus.Addr().String())
			})
			opts := testOptions()
			opts.Base = base
			postOnce(t, opts, srv.URL, &hits, dials)
		})
	}
}

func TestPostNotRetriedOnceTheRequestWasWritten(t *testing.T) {
	t.Parallel()
	hangUp := func(w http.ResponseWriter) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			panic(err)
		}
		if tcp, ok := conn.(*net.TCPConn); ok {
			_ = tcp.SetLinger(0) // a reset, not an orderly close
		}
		_ = conn.Close()
	}
	cases := map[string]struct {
		requestTimeout time.Duration
		post           func(w http.ResponseWriter, r *http.Request)
		wantTimeout    bool
	}{
		"answer outlasts the caller's deadline": {
			requestTimeout: 100 * time.Millisecond,
			wantTimeout:    true,
			post: func(_ http.ResponseWriter, r *http.Request) {
				_, _ = io.ReadAll(r.Body)
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
			},
		},
		"reset after the body was read": {
			post: func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.ReadAll(r.Body)
				hangUp(w)
			},
		},
		"reset as soon as the headers arrived": {
			post: func(w http.ResponseWriter, _ *http.Request) { hangUp(w) },
		},
		"malformed answer": {
			post: func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.ReadAll(r.Body)
				conn, buf, err := w.(http.Hijacker).Hijack()
				if err != nil {
					panic(err)
				}
				_, _ = buf.WriteString("HTTP/1.1 2O1 Created\r\n\r\n")
				_ = buf.Flush()
				_ = conn.Close()
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var posts, opened atomic.Int32
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodPost {
					_, _ = io.WriteString(w, `{}`)
					return
				}
				posts.Add(1)
				tc.post(w, r)
			}))
			srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
				if state == http.StateNew {
					opened.Add(1)
				}
			}
			srv.Start()
			t.Cleanup(srv.Close)
			opts := testOptions()
			opts.RequestTimeout = tc.requestTimeout
			client := newTestClient(t, opts)
			// A read first, so that the create goes out on a kept-alive connection.
			if _, _, err := do(t, client, context.Background(), http.MethodGet, srv.URL+"/v1/accounts/1/sessions/s-1", ""); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
			defer cancel()
			_, _, err := do(t, client, ctx, http.MethodPost, srv.URL+"/v1/accounts/1/participants", `{"tag":"t"}`)
			if err == nil {
				t.Fatal("want an error")
			}
			if n := posts.Load(); n != 1 {
				t.Fatalf("server received %d POSTs, want 1: %v", n, err)
			}
			if n := opened.Load(); n != 1 {
				t.Fatalf("%d connections opened, want 1: the create did not reuse the read's connection", n)
			}
			if !OutcomeUnknown(http.MethodPost, err) {
				t.Fatalf("OutcomeUnknown false for a written create: %v", err)
			}
			if tc.wantTimeout && !errors.Is(err, ErrNoAnswerInTime) {
				t.Fatalf("want ErrNoAnswerInTime, got %v", err)
			}
		})
	}
}

// A scripted base transport shows the client the trace events of one attempt, then fails it; the
// attempt after it succeeds. Real transports cannot be made to fail at each of these points on
// demand.
func TestPostRetryFollowsTheRequestTrace(t *testing.T) {
	t.Parallel()
	got := func(reused bool) func(*httptrace.ClientTrace) {
		return func(tr *httptrace.ClientTrace) {
			if tr.GotConn != nil {
				tr.GotConn(httptrace.GotConnInfo{Reused: reused, WasIdle: reused})
			}
		}
	}
	getConn := func(tr *httptrace.ClientTrace) {
		if tr.GetConn != nil {
			tr.GetConn("api.bandwidth.example:443")
		}
	}
	wroteHeaders := func(tr *httptrace.ClientTrace) {
		if tr.WroteHeaders != nil {
			tr.WroteHeaders()
		}
	}
	wroteRequest := func(tr *httptrace.ClientTrace) {
		if tr.WroteRequest != nil {
			tr.WroteRequest(httptrace.WroteRequestInfo{Err: io.ErrShortWrite})
		}
	}
	failure := errors.New("connection failed (scripted)")
	cases := map[string]struct {
		events       []func(*httptrace.ClientTrace)
		waitDeadline bool // the attempt ends on its timeout
		retried      bool
	}{
		"no connection obtained":                     {events: []func(*httptrace.ClientTrace){getConn}, retried: true},
		"no connection obtained before the timeout":  {events: []func(*httptrace.ClientTrace){getConn}, waitDeadline: true, retried: true},
		"kept-alive connection lost before writing":  {events: []func(*httptrace.ClientTrace){getConn, got(true)}, retried: true},
		"new connection lost before writing":         {events: []func(*httptrace.ClientTrace){getConn, got(false)}, retried: true},
		"headers written on a kept-alive connection": {events: []func(*httptrace.ClientTrace){getConn, got(true), wroteHeaders}},
		"request write failed":                       {events: []func(*httptrace.ClientTrace){getConn, got(false), wroteRequest}},
		"written after a connection was lost":        {events: []func(*httptrace.ClientTrace){getConn, got(true), wroteHeaders, getConn, got(false)}},
		// The HTTP/2 transport can still be writing the headers when the deadline returns the call.
		"connection obtained, then the caller's deadline": {events: []func(*httptrace.ClientTrace){getConn, got(true)}, waitDeadline: true},
		// A base transport that reports nothing proves nothing.
		"no trace events": {},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var attempts atomic.Int32
			base := roundTripFunc(func(req *http.Request) (*http.Response, error) {
				if attempts.Add(1) > 1 {
					return &http.Response{StatusCode: http.StatusCreated, Body: http.NoBody, Request: req}, nil
				}
				tr := httptrace.ContextClientTrace(req.Context())
				for _, event := range tc.events {
					if tr == nil {
						t.Fatal("the request carries no client trace")
					}
					event(tr)
				}
				if tc.waitDeadline {
					<-req.Context().Done()
					return nil, req.Context().Err()
				}
				return nil, failure
			})
			opts := testOptions()
			opts.Base = base
			opts.RequestTimeout = 100 * time.Millisecond
			// Only the caller's deadline ends a create that is on a connection.
			ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
			defer cancel()
			resp, _, err := do(t, newTestClient(t, opts), ctx, http.MethodPost, "http://127.0.0.1:1/v1/accounts/1/participants", `{"tag":"t"}`)
			if tc.retried {
				if err != nil || resp.StatusCode != http.StatusCreated || attempts.Load() != 2 {
					t.Fatalf("want a retried create, got %v after %d attempts", err, attempts.Load())
				}
				return
			}
			if err == nil || attempts.Load() != 1 {
				t.Fatalf("want no retry, got %v after %d attempts", err, attempts.Load())
			}
			if !OutcomeUnknown(http.MethodPost, err) {
				t.Fatalf("OutcomeUnknown false for %v", err)
			}
		})
	}
}
