package transport

import (
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/endpoint"
)

// attemptTransport makes one attempt of a call: it bounds the attempt in time (see boundAttempt),
// sets the User-Agent and the credentials, follows the request to the wire (see traceSend), and
// sends it once more when the API answers 401 and fresh credentials may succeed: a 401 means the
// API did nothing, so resending is safe for every method.
type attemptTransport struct {
	next      http.RoundTripper
	userAgent string
	creds     authorizer
	timeout   time.Duration
}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	bound, err := boundAttempt(req, t.timeout)
	if err != nil {
		closeBody(req.Body)
		return nil, err
	}
	resp, err := t.authorizedSend(req.WithContext(bound.ctx), bound)
	bound.answered()
	if err != nil {
		bound.release()
		return nil, bound.explain(err)
	}
	resp.Body = &deadlineBody{ReadCloser: resp.Body, bound: bound}
	return resp, nil
}

func (t *attemptTransport) authorizedSend(req *http.Request, bound *attemptBound) (*http.Response, error) {
	out, err := t.prepare(req, req.Body)
	if err != nil {
		closeBody(req.Body)
		return nil, err
	}
	resp, err := traceSend(t.next, out, bound.sent)
	if err != nil || resp.StatusCode != http.StatusUnauthorized || !t.creds.rejected(out) {
		return resp, err
	}
	body, ok := freshBody(req)
	if !ok {
		return resp, nil
	}
	discard(resp)
	again, err := t.prepare(req, body)
	if err != nil {
		closeBody(body)
		return nil, err
	}
	return traceSend(t.next, again, bound.sent)
}

func (t *attemptTransport) prepare(req *http.Request, body io.ReadCloser) (*http.Request, error) {
	out := withUserAgent(req, t.userAgent)
	out.Body = body
	if out.URL.Scheme != "https" && !endpoint.IsLoopbackHost(out.URL.Hostname()) {
		return nil, &cleartextError{host: out.URL.Host}
	}
	if err := t.creds.authorize(out); err != nil {
		return nil, err
	}
	return out, nil
}

// userAgentTransport sets the User-Agent of the OAuth2 token requests.
type userAgentTransport struct {
	next      http.RoundTripper
	userAgent string
}

func (t *userAgentTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return t.next.RoundTrip(withUserAgent(req, t.userAgent))
}

// withUserAgent is a copy of req, which a RoundTripper must not change, with the User-Agent set.
func withUserAgent(req *http.Request, userAgent string) *http.Request {
	out := req.Clone(req.Context())
	if userAgent != "" {
		out.Header.Set("User-Agent", userAgent)
	}
	return out
}

// freshBody returns an unread copy of req's body, if one can be had.
func freshBody(req *http.Request) (io.ReadCloser, bool) {
	if req.Body == nil || req.Body == http.NoBody {
		return req.Body, true
	}
	if req.GetBody == nil {
		return nil, false
	}
	body, err := req.GetBody()
	return body, err == nil
}

func closeBody(body io.ReadCloser) {
	if body != nil {
		_ = body.Close()
	}
}

// discard drains a response we will not return, so its connection can be reused.
func discard(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}

// cleartextError stops credentials from leaving over plain http to anything but loopback, even if a
// base URL slipped past endpoint.Check.
type cleartextError struct{ host string }

func (e *cleartextError) Error() string {
	return fmt.Sprintf("refusing to send Bandwidth credentials in clear text to %s: use an https:// URL (http:// is only for loopback hosts)", e.host)
}

func (e *cleartextError) retryable() bool { return false }
