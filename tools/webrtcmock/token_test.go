package webrtcmock

import (
	"errors"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func (h *harness) parseToken(token string) (*participantClaims, error) {
	claims := &participantClaims{}
	_, err := jwt.ParseWithClaims(token, claims,
		func(*jwt.Token) (any, error) { return h.m.tokenSecret, nil },
		jwt.WithValidMethods([]string{"HS256"}),
		jwt.WithTimeFunc(h.clock.Now),
	)
	return claims, err
}

func TestParticipantTokenClaims(t *testing.T) {
	cases := []struct {
		name     string
		lifetime time.Duration
		want     time.Duration
	}{
		{"default lifetime", 0, 9 * time.Hour},
		{"custom lifetime", 30 * time.Minute, 30 * time.Minute},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{AccountID: "5551234", TokenLifetime: tc.lifetime})
			r := h.send("POST", "/v1/accounts/5551234/participants", "")
			expectStatus(t, r, 200)
			created := decode[createParticipantResponse](t, r.body)
			claims, err := h.parseToken(created.Token)
			if err != nil {
				t.Fatalf("token does not verify: %v", err)
			}
			now := h.clock.Now()
			mustEqual(t, "a", claims.AccountID, "5551234")
			mustEqual(t, "p", claims.ParticipantID, created.Participant.ID)
			mustEqual(t, "v", claims.DeviceAPIVersion, "v3")
			mustEqual(t, "iss", claims.Issuer, "bandwidth-webrtc-mock")
			mustEqual(t, "iat", claims.IssuedAt.Unix(), now.Unix())
			mustEqual(t, "exp", claims.ExpiresAt.Unix(), now.Add(tc.want).Unix())
			if !isUUID(claims.TokenID) {
				t.Fatalf("tid %q is not a UUID", claims.TokenID)
			}

			h.clock.Advance(tc.want)
			if _, err := h.parseToken(created.Token); !errors.Is(err, jwt.ErrTokenExpired) {
				t.Fatalf("token at exp: err = %v, want ErrTokenExpired", err)
			}
		})
	}
}

func TestParticipantTokensAreSignedPerMock(t *testing.T) {
	a, b := newHarness(t, Options{}), newHarness(t, Options{})
	_, token := a.createParticipant("")
	if _, err := a.parseToken(token); err != nil {
		t.Fatalf("own mock rejects its token: %v", err)
	}
	if _, err := b.parseToken(token); !errors.Is(err, jwt.ErrTokenSignatureInvalid) {
		t.Fatalf("other mock: err = %v, want ErrTokenSignatureInvalid", err)
	}
}
