package webrtcmock

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// response is what a handler produced; ServeHTTP (or a fault) decides whether it is delivered.
type response struct {
	status int
	body   []byte // nil: no body (204)
	header map[string]string
}

// apiError is a failure with a status; handlers turn it into the documented error body.
type apiError struct {
	status  int
	message string
}

func (e *apiError) Error() string { return e.message }

func errorf(status int, format string, args ...any) error {
	return &apiError{status: status, message: fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) error {
	return errorf(http.StatusBadRequest, format, args...)
}

func jsonResponse(status int, v any) response {
	body, err := json.Marshal(v)
	if err != nil {
		// Only the mock's own wire structs are marshalled here; failing is a mock bug.
		panic(fmt.Sprintf("webrtcmock: marshal response: %v", err))
	}
	return response{status: status, body: body}
}

func noContent() response { return response{status: http.StatusNoContent} }

// fail renders err as the spec's requestError body, which 400, 404, 409 and 500 share.
func (c *call) fail(err error) response {
	var ae *apiError
	if !errors.As(err, &ae) {
		ae = &apiError{status: http.StatusInternalServerError, message: "Internal error"}
	}
	return jsonResponse(ae.status, requestErrorBody{Error: ae.message, RequestID: c.requestID})
}

func unauthorized() response {
	return jsonResponse(http.StatusUnauthorized, messageBody{Message: "Unauthorized"})
}

func missingAuthenticationToken() response {
	return jsonResponse(http.StatusForbidden, messageBody{Message: "Missing Authentication Token"})
}

func oauthError(status int, code string) response {
	return jsonResponse(status, oauthErrorBody{Error: code})
}

// errorFor builds the error an operation would answer with status, in that operation's
// documented shape: faults and the rate limiter use it so clients parse what they would in
// production.
func (c *call) errorFor(status int) response {
	if c.op == OpOAuth2Token {
		return oauthError(status, oauthErrorCode(status))
	}
	switch status {
	case http.StatusUnauthorized:
		return unauthorized()
	case http.StatusForbidden:
		return missingAuthenticationToken()
	case http.StatusInternalServerError:
		return c.fail(errorf(status, "Internal error")) // the spec's example text
	}
	return c.fail(errorf(status, "%s", http.StatusText(status)))
}

func oauthErrorCode(status int) string {
	switch {
	case status == http.StatusUnauthorized:
		return "invalid_client"
	case status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable:
		return "temporarily_unavailable"
	case status >= 500:
		return "server_error"
	default:
		return "invalid_request"
	}
}
