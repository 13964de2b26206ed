package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/secrets"
)

const maxLoggedBody = 64 << 10

// loggedResponseHeaders is the allow-list of headers that may appear in logs, by log field.
var loggedResponseHeaders = map[string]string{
	"content_type": "Content-Type",
	"retry_after":  "Retry-After",
}

var requestIDHeaders = []string{"X-Amzn-Requestid", "X-Request-Id"}

// MaskSecrets returns ctx with the non-empty secrets masked wherever they would appear in provider
// logs, in messages and field values alike.
func MaskSecrets(ctx context.Context, secrets ...string) context.Context {
	secrets = slices.DeleteFunc(slices.Clone(secrets), func(s string) bool { return s == "" })
	if len(secrets) == 0 {
		return ctx
	}
	ctx = tflog.MaskAllFieldValuesStrings(ctx, secrets...)
	return tflog.MaskMessageStrings(ctx, secrets...)
}

// loggingTransport writes one DEBUG line per attempt and, at TRACE, the redacted bodies. It never
// logs request headers, so Authorization cannot leak; secrets() are masked as a second line of
// defence, whichever logger the request's context carries.
type loggingTransport struct {
	next    http.RoundTripper
	secrets func() []string
}

func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if !tflog.IsDebug(ctx) {
		return t.next.RoundTrip(req)
	}
	ctx = MaskSecrets(ctx, t.secrets()...)
	trace := tflog.IsTrace(ctx)
	fields := map[string]any{
		"method":  req.Method,
		"path":    req.URL.Path,
		"attempt": attemptNumber(ctx),
	}
	if trace {
		traceBody(ctx, "Bandwidth API request body", fields, requestBody(req))
	}

	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	fields["duration_ms"] = time.Since(start).Milliseconds()
	if err != nil {
		fields["error"] = err.Error()
		tflog.Debug(ctx, "Bandwidth API request", fields)
		return nil, err
	}

	fields["status"] = resp.StatusCode
	for field, header := range loggedResponseHeaders {
		if value := resp.Header.Get(header); value != "" {
			fields[field] = value
		}
	}
	id := headerRequestID(resp.Header)
	var body []byte
	if trace || (id == "" && resp.StatusCode >= 400) {
		body = peekBody(resp)
	}
	if id == "" {
		id = bodyRequestID(body)
	}
	if id != "" {
		fields["request_id"] = id
	}
	tflog.Debug(ctx, "Bandwidth API request", fields)
	if trace {
		traceBody(ctx, "Bandwidth API response body", fields, body)
	}
	return resp, nil
}

func traceBody(ctx context.Context, msg string, fields map[string]any, body []byte) {
	if len(body) == 0 {
		return
	}
	tflog.Trace(ctx, msg, fields, map[string]any{"body": string(secrets.RedactBody(body))})
}

func requestBody(req *http.Request) []byte {
	if req.GetBody == nil {
		return nil
	}
	body, err := req.GetBody()
	if err != nil {
		return nil
	}
	defer func() { _ = body.Close() }()
	b, _ := io.ReadAll(io.LimitReader(body, maxLoggedBody))
	return b
}

// peekBody reads the start of resp's body and puts it back, so the caller reads the whole body
// and meets any read error itself.
func peekBody(resp *http.Response) []byte {
	head, _ := io.ReadAll(io.LimitReader(resp.Body, maxLoggedBody))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), resp.Body), resp.Body}
	return head
}

func headerRequestID(h http.Header) string {
	for _, name := range requestIDHeaders {
		if id := h.Get(name); id != "" {
			return id
		}
	}
	return ""
}

// bodyRequestID reads the requestId the API puts in its error bodies.
func bodyRequestID(body []byte) string {
	var payload struct {
		RequestID string `json:"requestId"`
	}
	if len(body) == 0 || json.Unmarshal(body, &payload) != nil {
		return ""
	}
	return payload.RequestID
}
