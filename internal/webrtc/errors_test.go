package webrtc

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestAPIErrors(t *testing.T) {
	longText := strings.Repeat("é", 150) // 300 bytes
	tests := []struct {
		name          string
		response      stubResponse
		wantMessage   string
		wantRequestID string
		wantString    string
		is            string // the one predicate that must hold
	}{
		{
			name:          "requestError shape",
			response:      stubResponse{Status: 404, Body: `{"error":"Participant not found","requestId":"12af78d1"}`, Header: map[string]string{"X-Request-Id": "ignored"}},
			wantMessage:   "Participant not found",
			wantRequestID: "12af78d1",
			wantString:    "getParticipant: 404 Not Found: Participant not found (request id 12af78d1)",
			is:            "IsNotFound",
		},
		{
			name:        "unauthorizedRequest shape",
			response:    stubResponse{Status: 401, Body: `{"message":"Unauthorized"}`},
			wantMessage: "Unauthorized",
			wantString:  "getParticipant: 401 Unauthorized",
			is:          "IsUnauthorized",
		},
		{
			name:          "forbiddenRequest shape, request id from x-amzn-requestid",
			response:      stubResponse{Status: 403, Body: `{"message":"Missing Authentication Token"}`, Header: map[string]string{"x-amzn-RequestId": "amzn-1"}},
			wantMessage:   "Missing Authentication Token",
			wantRequestID: "amzn-1",
			wantString:    "getParticipant: 403 Forbidden: Missing Authentication Token (request id amzn-1)",
			is:            "IsForbidden",
		},
		{
			name:        "old code and message shape",
			response:    stubResponse{Status: 400, Body: `{"code":400,"message":"tag must be at most 50 characters"}`},
			wantMessage: "tag must be at most 50 characters",
			wantString:  "getParticipant: 400 Bad Request: tag must be at most 50 characters",
			is:          "IsBadRequest",
		},
		{
			name:          "non-JSON body, request id from X-Request-Id",
			response:      stubResponse{Status: 409, Body: "  busy, try later \n", Header: map[string]string{"Content-Type": "text/plain", "X-Request-Id": "req-9"}},
			wantMessage:   "busy, try later",
			wantRequestID: "req-9",
			wantString:    "getParticipant: 409 Conflict: busy, try later (request id req-9)",
			is:            "IsConflict",
		},
		{
			name:        "JSON without a known message field",
			response:    stubResponse{Status: 500, Body: `{"detail":"x"}`},
			wantMessage: `{"detail":"x"}`,
			wantString:  `getParticipant: 500 Internal Server Error: {"detail":"x"}`,
		},
		{
			name:        "empty body",
			response:    stubResponse{Status: 502},
			wantMessage: "Bad Gateway",
			wantString:  "getParticipant: 502 Bad Gateway",
		},
		{
			name:        "long body is truncated on a character boundary",
			response:    stubResponse{Status: 500, Body: longText, Header: map[string]string{"Content-Type": "text/plain"}},
			wantMessage: strings.Repeat("é", 100) + "…",
			wantString:  "getParticipant: 500 Internal Server Error: " + strings.Repeat("é", 100) + "…",
		},
		{
			name:        "status without status text",
			response:    stubResponse{Status: 599, Body: `{"error":"odd"}`},
			wantMessage: "odd",
			wantString:  "getParticipant: 599: odd",
		},
	}
	predicates := map[string]func(error) bool{
		"IsBadRequest": IsBadRequest, "IsUnauthorized": IsUnauthorized, "IsForbidden": IsForbidden,
		"IsNotFound": IsNotFound, "IsConflict": IsConflict,
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := newStubClient(t, tt.response)
			_, err := c.GetParticipant(t.Context(), pid1)
			var apiErr *Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v is not an *Error", err)
			}
			want := Error{
				Operation:  "getParticipant",
				Method:     http.MethodGet,
				Path:       "/v1/accounts/" + testAccountID + "/participants/" + pid1,
				StatusCode: tt.response.Status,
				Message:    tt.wantMessage,
				RequestID:  tt.wantRequestID,
			}
			if *apiErr != want {
				t.Errorf("error:\n got %#v\nwant %#v", *apiErr, want)
			}
			if err.Error() != tt.wantString {
				t.Errorf("Error() = %q, want %q", err.Error(), tt.wantString)
			}
			wrapped := fmt.Errorf("reading: %w", err)
			if StatusCode(wrapped) != tt.response.Status {
				t.Errorf("StatusCode(wrapped) = %d, want %d", StatusCode(wrapped), tt.response.Status)
			}
			for name, is := range predicates {
				wantIs := name == tt.is
				if is(wrapped) != wantIs {
					t.Errorf("%s(wrapped) = %v, want %v", name, !wantIs, wantIs)
				}
			}
		})
	}
}

func TestStatusCodeOfOtherErrors(t *testing.T) {
	for _, err := range []error{nil, errors.New("plain"), fmt.Errorf("wrapped: %w", errors.New("plain"))} {
		if got := StatusCode(err); got != 0 {
			t.Errorf("StatusCode(%v) = %d, want 0", err, got)
		}
		if IsNotFound(err) || IsConflict(err) || IsBadRequest(err) || IsUnauthorized(err) || IsForbidden(err) {
			t.Errorf("a predicate matched %v", err)
		}
	}
}
