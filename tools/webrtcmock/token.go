package webrtcmock

import (
	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

const tokenIssuer = "bandwidth-webrtc-mock"

// participantClaims uses the claim names of the browser SDK's JwtPayload (a, p, v, tid, exp, iss).
type participantClaims struct {
	AccountID     string `json:"a"`
	ParticipantID string `json:"p"`
	// DeviceAPIVersion is lower case: the browser SDK lower-cases `v` and requires "v3".
	DeviceAPIVersion string `json:"v"`
	TokenID          string `json:"tid"`
	jwt.RegisteredClaims
}

func (m *Mock) participantToken(participantID string) (string, error) {
	now := m.now()
	claims := participantClaims{
		AccountID:        m.opts.AccountID,
		ParticipantID:    participantID,
		DeviceAPIVersion: "v3",
		TokenID:          uuid.NewString(),
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    tokenIssuer,
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(m.opts.TokenLifetime)),
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(m.tokenSecret)
}
