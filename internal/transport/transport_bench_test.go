package transport

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

const benchParticipantBody = `{"participant":{"id":"0275e47f-dd21-4cf0-a1e1-dfdc719e73a7","publishPermissions":["AUDIO","VIDEO"],` +
	`"sessions":[],"subscriptions":{},"tag":"bench-participant","deviceApiVersion":"V3"},"token":"` + fakeJWT + `"}`

// cannedBase answers every request at once, without a network, so the benchmark measures the
// layers NewHTTPClient stacks on top of Base: retries, logging, the attempt (time bound, credentials, trace).
type cannedBase struct{ body []byte }

func (c *cannedBase) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": []string{"application/json"}},
		Body:       io.NopCloser(bytes.NewReader(c.body)),
		Request:    req,
	}, nil
}

func benchDo(b *testing.B, client *http.Client, method, url string, body []byte) {
	var reader io.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, url, reader)
	if err != nil {
		b.Fatal(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("status %d", resp.StatusCode)
	}
}

// BenchmarkClientLayers is one POST through every layer of the provider's client, with Basic
// credentials (OAuth2 differs only by a cached token look-up) and a per-attempt timeout.
func BenchmarkClientLayers(b *testing.B) {
	opts := testOptions()
	opts.RequestTimeout = defaultRetryWaitMax
	opts.Base = &cannedBase{body: []byte(benchParticipantBody)}
	client, err := NewHTTPClient(opts)
	if err != nil {
		b.Fatal(err)
	}
	body := []byte(`{"publishPermissions":["AUDIO","VIDEO"],"tag":"bench-participant"}`)
	b.ReportAllocs()
	for b.Loop() {
		benchDo(b, client, http.MethodPost, "https://api.webrtc.bandwidth.com/v1/accounts/9900000/participants", body)
	}
}

// BenchmarkClientLoopbackParallel sends GETs from 10 goroutines, as Terraform's default
// parallelism does, to a server on loopback, and reports how many TCP connections that took:
// keep-alive should hold it at the number of goroutines or below.
func BenchmarkClientLoopbackParallel(b *testing.B) {
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, benchParticipantBody)
	}))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	opts := testOptions()
	opts.RequestTimeout = defaultRetryWaitMax
	client, err := NewHTTPClient(opts)
	if err != nil {
		b.Fatal(err)
	}
	defer client.CloseIdleConnections()
	url := srv.URL + "/v1/accounts/9900000/participants/" + strings.Repeat("a", 36)

	const goroutines = 10
	b.SetParallelism((goroutines + 1) / 2) // x GOMAXPROCS (2 on the bench machine)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			benchDo(b, client, http.MethodGet, url, nil)
		}
	})
	b.ReportMetric(float64(conns.Load()), "conns")
}
