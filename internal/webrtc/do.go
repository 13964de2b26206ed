package webrtc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// maxResponseBytes bounds how much of a response body is read; the API's bodies are small.
const maxResponseBytes = 4 << 20

// do sends one API request. A nil in sends no body. The 2xx response body is decoded
// into out unless out is nil or the body is empty, which leaves out unchanged.
func (c *Client) do(ctx context.Context, op, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		encoded, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("%s: encoding request: %w", op, err)
		}
		// A *bytes.Reader lets NewRequestWithContext set GetBody, so retries can replay it.
		body = bytes.NewReader(encoded)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.baseURL+path, body)
	if err != nil {
		return fmt.Errorf("%s: building request: %w", op, err)
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	resp, err := c.httpClient.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer resp.Body.Close()
	respBody, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return fmt.Errorf("%s: reading response: %w", op, err)
	}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return newError(op, method, req.URL.EscapedPath(), resp, respBody)
	}
	if out == nil || len(bytes.TrimSpace(respBody)) == 0 {
		return nil
	}
	if err := json.Unmarshal(respBody, out); err != nil {
		return fmt.Errorf("%s: malformed response (HTTP %d): %s", op, resp.StatusCode, describeDecodeError(err))
	}
	return nil
}

// describeDecodeError explains a JSON decoding failure without quoting the body, which
// for createParticipant holds the participant's token.
func describeDecodeError(err error) string {
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("invalid JSON at byte %d", syntaxErr.Offset)
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return fmt.Sprintf("field %q has the wrong JSON type (want %s)", typeErr.Field, typeErr.Type)
	case errors.As(err, &typeErr):
		return fmt.Sprintf("body has the wrong JSON type (want %s)", typeErr.Type)
	default:
		return "invalid JSON"
	}
}
