package transport

import (
	"context"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
)

// traceSend sends req on next, following it to the wire with an httptrace.ClientTrace, and marks
// the error of a failed request with what the trace proves: notSentError when no byte of the
// request can have been written, so even a create may be sent again; sentError when some of it
// may have been. A base transport that reports no connection events proves nothing: its errors
// pass unmarked. onConn is called when the request is handed a connection.
//
// The verdict relies on the base transport working as net/http's does: request bytes go out only
// on a connection it has reported with GotConn, after GetConn; and when RoundTrip returns an error
// before its context is done, the write has finished or never started (HTTP/1 waits for its write
// loop, HTTP/2 for the stream). After the context is done an HTTP/2 stream may still be writing
// its headers, so a connection obtained then counts as written.
//
// The trace goes on the request only here, after the credentials are set: an OAuth2 token request
// made for them must not count as this request's connection.
func traceSend(next http.RoundTripper, req *http.Request, onConn func()) (*http.Response, error) {
	record := &wireTrace{}
	ctx := httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		GetConn: func(string) { record.askedConn.Store(true) },
		GotConn: func(httptrace.GotConnInfo) {
			record.gotConn.Store(true)
			onConn()
		},
		WroteHeaders: func() { record.wrote.Store(true) },
		WroteRequest: func(httptrace.WroteRequestInfo) { record.wrote.Store(true) },
	})
	resp, err := next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		return resp, record.mark(ctx, err)
	}
	return resp, nil
}

type wireTrace struct {
	askedConn atomic.Bool // GetConn: the base transport reports its connections
	gotConn   atomic.Bool // a connection was handed to the request
	wrote     atomic.Bool // WroteHeaders or WroteRequest: bytes may be on the wire
}

// mark is called once RoundTrip has returned err.
func (w *wireTrace) mark(ctx context.Context, err error) error {
	switch {
	case w.wrote.Load():
		return &sentError{err: err}
	case w.gotConn.Load():
		if ctx.Err() != nil {
			return &sentError{err: err}
		}
		return &notSentError{err: err}
	case w.askedConn.Load():
		// The dial, DNS lookup, proxy or TLS handshake failed or was cut short.
		return &notSentError{err: err}
	}
	return err
}

// notSentError is a failure the request trace shows came before any byte of the request was
// written: sending it again cannot duplicate it.
type notSentError struct{ err error }

func (e *notSentError) Error() string { return e.err.Error() }
func (e *notSentError) Unwrap() error { return e.err }

// retryable: a certificate the provider refuses is refused again.
func (e *notSentError) retryable() bool { return !isCertificateError(e.err) }

// sentError is a failure after the request, or part of it, may have been written: the API may
// have received it and acted on it.
type sentError struct{ err error }

func (e *sentError) Error() string { return e.err.Error() }
func (e *sentError) Unwrap() error { return e.err }
