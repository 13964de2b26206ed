package webrtc

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/secrets"
)

// Error is a non-2xx answer from the API.
type Error struct {
	Operation  string // the spec's operationId, e.g. "createParticipant"
	Method     string
	Path       string // escaped URL path as sent
	StatusCode int
	Message    string // the API's message, else the trimmed body text, else the status text
	RequestID  string // from the body's requestId, else the response headers
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d", e.Operation, e.StatusCode)
	statusText := http.StatusText(e.StatusCode)
	if statusText != "" {
		b.WriteString(" " + statusText)
	}
	if e.Message != "" && e.Message != statusText {
		b.WriteString(": " + e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	return b.String()
}

// StatusCode returns the HTTP status of an *Error in err's chain, or 0.
func StatusCode(err error) int {
	var apiErr *Error
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}

// IsBadRequest and the predicates below report whether err carries an *Error with that status.
func IsBadRequest(err error) bool   { return StatusCode(err) == http.StatusBadRequest }
func IsUnauthorized(err error) bool { return StatusCode(err) == http.StatusUnauthorized }
func IsForbidden(err error) bool    { return StatusCode(err) == http.StatusForbidden }
func IsNotFound(err error) bool     { return StatusCode(err) == http.StatusNotFound }
func IsConflict(err error) bool     { return StatusCode(err) == http.StatusConflict }

// maxErrorTextLength bounds how much of an unrecognised error body goes into Message.
const maxErrorTextLength = 200

// errorBody covers every documented error shape: requestError {"error","requestId"},
// unauthorizedRequest and forbiddenRequest {"message"}, and the pre-1.1.0 {"code","message"}.
type errorBody struct {
	Error     string `json:"error"`
	Message   string `json:"message"`
	RequestID string `json:"requestId"`
}

func newError(op, method, path string, resp *http.Response, body []byte) *Error {
	e := &Error{Operation: op, Method: method, Path: path, StatusCode: resp.StatusCode}

	var parsed errorBody
	if json.Unmarshal(body, &parsed) == nil {
		e.Message = secrets.Redact(strings.TrimSpace(firstNonEmpty(parsed.Error, parsed.Message)))
		e.RequestID = parsed.RequestID
	}
	if e.Message == "" {
		// Not an API error body: maybe a proxy's page echoing the request's credentials.
		// Redact before truncating, so no partial secret survives the cut.
		e.Message = truncate(secrets.Redact(strings.TrimSpace(string(body))), maxErrorTextLength)
	}
	if e.Message == "" {
		e.Message = http.StatusText(resp.StatusCode)
	}
	if e.RequestID == "" {
		e.RequestID = firstNonEmpty(resp.Header.Get("X-Amzn-Requestid"), resp.Header.Get("X-Request-Id"))
	}
	return e
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// truncate shortens s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// IncompleteAnswerError is a 2xx answer to a create that lacks what the create must return: the
// new object's id, or a participant's token. The API may have created the object even so.
type IncompleteAnswerError struct {
	Operation string
	ID        string   // the id the answer did carry, if any
	Missing   []string // such as "participant id" and "token"
}

func (e *IncompleteAnswerError) Error() string {
	return fmt.Sprintf("%s: the API answered success but without the %s", e.Operation, strings.Join(e.Missing, " and "))
}

// IsIncompleteAnswer reports whether err carries an *IncompleteAnswerError.
func IsIncompleteAnswer(err error) bool {
	var incomplete *IncompleteAnswerError
	return errors.As(err, &incomplete)
}
