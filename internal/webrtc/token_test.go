package webrtc

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func signedToken(t *testing.T, claims jwt.MapClaims) string {
	t.Helper()
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte("test-key"))
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// unsignedToken builds a token by hand, for headers and payloads jwt/v5 would not produce.
func unsignedToken(header, payload string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(header)) + "." + enc([]byte(payload)) + ".c2ln"
}

func TestParseTokenClaims(t *testing.T) {
	exp := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	iat := exp.Add(-9 * time.Hour)

	tests := []struct {
		name  string
		token string
		want  TokenClaims
	}{
		{
			name: "every claim",
			token: signedToken(t, jwt.MapClaims{
				"a": testAccountID, "p": pid1, "v": "v3", "iss": "bandwidth", "tid": "tid-1",
				"exp": exp.Unix(), "iat": iat.Unix(), "other": []int{1},
			}),
			want: TokenClaims{
				AccountID: testAccountID, ParticipantID: pid1, DeviceAPIVersion: "v3", Issuer: "bandwidth",
				TokenID: "tid-1", ExpiresAt: exp, IssuedAt: iat,
			},
		},
		{
			name:  "missing exp and iat",
			token: signedToken(t, jwt.MapClaims{"a": testAccountID, "p": pid1}),
			want:  TokenClaims{AccountID: testAccountID, ParticipantID: pid1},
		},
		{
			name:  "numeric tid kept exactly",
			token: signedToken(t, jwt.MapClaims{"tid": int64(9007199254740993)}),
			want:  TokenClaims{TokenID: "9007199254740993"},
		},
		{
			name:  "unknown alg still decodes",
			token: unsignedToken(`{"alg":"XY512","typ":"JWT"}`, `{"p":"`+pid1+`","exp":1893553445.5}`),
			want:  TokenClaims{ParticipantID: pid1, ExpiresAt: time.Unix(1893553445, 0)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTokenClaims(tt.token)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if !got.ExpiresAt.Equal(tt.want.ExpiresAt) || !got.IssuedAt.Equal(tt.want.IssuedAt) {
				t.Errorf("times = exp %v iat %v, want exp %v iat %v", got.ExpiresAt, got.IssuedAt, tt.want.ExpiresAt, tt.want.IssuedAt)
			}
			got.ExpiresAt, got.IssuedAt = tt.want.ExpiresAt, tt.want.IssuedAt
			if got != tt.want {
				t.Errorf("claims:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseTokenClaimsErrors(t *testing.T) {
	tests := []struct {
		name  string
		token string
		want  string
	}{
		{"empty", "", "empty"},
		{"garbage", "not-a-token-SECRETVALUE", "not a valid JWT"},
		{"two parts", "eyJhbGciOiJIUzI1NiJ9.eyJwIjoiU0VDUkVUVkFMVUUifQ", "not a valid JWT"},
		{"bad base64 payload", "eyJhbGciOiJIUzI1NiJ9.SECRET*VALUE.c2ln", "not a valid JWT"},
		{"payload not JSON", unsignedToken(`{"alg":"HS256"}`, `SECRETVALUE`), "not a valid JWT"},
		{"non-string account", unsignedToken(`{"alg":"HS256"}`, `{"a":true,"p":"SECRETVALUE"}`), `claim "a"`},
		{"non-numeric exp", unsignedToken(`{"alg":"HS256"}`, `{"exp":"SECRETVALUE"}`), `claim "exp"`},
		{"non-numeric iat", unsignedToken(`{"alg":"HS256"}`, `{"iat":[1]}`), `claim "iat"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseTokenClaims(tt.token)
			if err == nil {
				t.Fatal("want an error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q should contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "SECRET") || (tt.token != "" && strings.Contains(err.Error(), tt.token)) {
				t.Errorf("error %q contains token text", err)
			}
		})
	}
}
