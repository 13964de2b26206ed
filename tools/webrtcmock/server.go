package webrtcmock

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// Server is a Mock listening on a TCP address.
type Server struct {
	listener net.Listener
	http     *http.Server
	done     chan struct{}
}

// Start listens on addr (e.g. "127.0.0.1:0") and serves m in the background. Every accepted TCP
// connection is counted in Stats.ConnectionsAccepted, so tests can see keep-alive at work.
func (m *Mock) Start(addr string) (*Server, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{
		listener: &countingListener{Listener: l, accepted: &m.connections},
		http:     &http.Server{Handler: m, ReadHeaderTimeout: 10 * time.Second},
		done:     make(chan struct{}),
	}
	go func() {
		defer close(s.done)
		_ = s.http.Serve(s.listener)
	}()
	return s, nil
}

// BaseURL is the API base, e.g. "http://127.0.0.1:PORT/v1".
func (s *Server) BaseURL() string { return s.root() + "/v1" }

// TokenURL is the OAuth2 token endpoint, e.g. "http://127.0.0.1:PORT/api/v1/oauth2/token".
func (s *Server) TokenURL() string { return s.root() + TokenPath }

// StatsURL serves Stats as JSON.
func (s *Server) StatsURL() string { return s.root() + StatsPath }

func (s *Server) root() string { return "http://" + s.listener.Addr().String() }

// Close stops the server at once, dropping open connections.
func (s *Server) Close() error {
	err := s.http.Close()
	<-s.done
	return err
}

// Shutdown stops accepting connections and waits for requests in flight, up to ctx.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.http.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		_ = s.http.Close()
	}
	<-s.done
	return err
}

// countingListener counts connections but hands them out unwrapped, so a hijacked connection is
// still a *net.TCPConn whose linger can be set for a reset.
type countingListener struct {
	net.Listener
	accepted *atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if err == nil {
		l.accepted.Add(1)
	}
	return conn, err
}
