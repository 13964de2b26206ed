package webrtc

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// cannedTransport answers every request with the same body, without a network, so that the
// benchmarks measure the client's own work: encoding, request building, decoding.
type cannedTransport struct {
	status int
	body   []byte
}

func (t *cannedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{
		StatusCode: t.status,
		Header:     http.Header{"Content-Type": []string{"application/json"}},
		Body:       io.NopCloser(bytes.NewReader(t.body)),
		Request:    req,
	}, nil
}

func benchClient(b *testing.B, status int, body []byte) *Client {
	b.Helper()
	c, err := New(Config{
		BaseURL:    "https://api.webrtc.bandwidth.com/v1",
		AccountID:  testAccountID,
		HTTPClient: &http.Client{Transport: &cannedTransport{status: status, body: body}},
	})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func benchParticipantToken(b *testing.B) string {
	b.Helper()
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"a": testAccountID, "p": "0275e47f-dd21-4cf0-a1e1-dfdc719e73a7", "v": "v3",
		"tid": "568749d5-04d5-483d-adf5-deac7dd3d521", "iss": "bench",
		"iat": time.Now().Unix(), "exp": time.Now().Add(9 * time.Hour).Unix(),
	}).SignedString([]byte("bench-secret"))
	if err != nil {
		b.Fatal(err)
	}
	return token
}

func benchParticipant() Participant {
	callback := "https://example.com/callbacks/participant"
	return Participant{
		ID:                 "0275e47f-dd21-4cf0-a1e1-dfdc719e73a7",
		CallbackURL:        &callback,
		PublishPermissions: []PublishPermission{PublishAudio, PublishVideo},
		Sessions:           []string{"d8886aad-b956-4e1b-b2f4-d7c9f8162772"},
		Subscriptions:      &Subscriptions{},
		Tag:                "bench-participant",
		DeviceAPIVersion:   DeviceAPIVersionV3,
	}
}

func benchCreateRequest() CreateParticipantRequest {
	callback := "https://example.com/callbacks/participant"
	return CreateParticipantRequest{
		CallbackURL:        &callback,
		PublishPermissions: []PublishPermission{PublishAudio, PublishVideo},
		Tag:                "bench-participant",
		DeviceAPIVersion:   DeviceAPIVersionV3,
	}
}

func benchJSON(b *testing.B, v any) []byte {
	b.Helper()
	body, err := json.Marshal(v)
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// BenchmarkCreateParticipant is one createParticipant call through the client, network excluded.
func BenchmarkCreateParticipant(b *testing.B) {
	body := benchJSON(b, CreateParticipantResponse{Participant: benchParticipant(), Token: benchParticipantToken(b)})
	c := benchClient(b, http.StatusOK, body)
	ctx := context.Background()
	req := benchCreateRequest()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.CreateParticipant(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetParticipant is one getParticipant call through the client, network excluded.
func BenchmarkGetParticipant(b *testing.B) {
	c := benchClient(b, http.StatusOK, benchJSON(b, benchParticipant()))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.GetParticipant(ctx, "0275e47f-dd21-4cf0-a1e1-dfdc719e73a7"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkErrorResponse is a 429 answer turned into an *Error.
func BenchmarkErrorResponse(b *testing.B) {
	c := benchClient(b, http.StatusTooManyRequests, []byte(`{"message":"Too Many Requests","requestId":"3c7f7c58-6a8b-4d0e-9a43-0e5e0a3b1e8d"}`))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := c.DeleteParticipant(ctx, "0275e47f-dd21-4cf0-a1e1-dfdc719e73a7"); err == nil {
			b.Fatal("no error")
		}
	}
}

func BenchmarkEncodeCreateParticipantRequest(b *testing.B) {
	req := benchCreateRequest()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(req); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeCreateParticipantResponse(b *testing.B) {
	body := benchJSON(b, CreateParticipantResponse{Participant: benchParticipant(), Token: benchParticipantToken(b)})
	b.ReportAllocs()
	for b.Loop() {
		var resp CreateParticipantResponse
		if err := json.Unmarshal(body, &resp); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildRequest is the request building of every call: the escaped path and the
// *http.Request with its headers.
func BenchmarkBuildRequest(b *testing.B) {
	c := benchClient(b, http.StatusOK, nil)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet,
			c.baseURL+c.accountPath("participants", "0275e47f-dd21-4cf0-a1e1-dfdc719e73a7"), nil)
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Accept", "application/json")
	}
}

func BenchmarkParseTokenClaims(b *testing.B) {
	token := benchParticipantToken(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseTokenClaims(token); err != nil {
			b.Fatal(err)
		}
	}
}
