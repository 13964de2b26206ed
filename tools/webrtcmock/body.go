package webrtcmock

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
)

const maxBodyBytes = 1 << 20

func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil {
		return nil, badRequest("could not read request body: %v", err)
	}
	if len(b) > maxBodyBytes {
		return nil, errorf(http.StatusRequestEntityTooLarge, "request body exceeds %d bytes", maxBodyBytes)
	}
	return b, nil
}

// decodeBody fills v from an optional JSON body. Every request body in the spec is optional, so
// an empty body (like a JSON null) leaves v as it was. Unknown fields are ignored.
func decodeBody(body []byte, v any) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil
	}
	if err := json.Unmarshal(trimmed, v); err != nil {
		return badRequest("malformed JSON body: %v", err)
	}
	return nil
}
