package webrtc

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// TokenClaims are the claims Bandwidth puts into a participant token. Their meaning is
// taken from Bandwidth's browser SDK, not from API documentation.
type TokenClaims struct {
	AccountID        string    // "a"
	ParticipantID    string    // "p"
	DeviceAPIVersion string    // "v"
	Issuer           string    // "iss"
	TokenID          string    // "tid"
	ExpiresAt        time.Time // "exp"; zero if absent
	IssuedAt         time.Time // "iat"; zero if absent
}

// ParseTokenClaims decodes a participant token's claims without verifying its
// signature: the provider is not the token's audience and has no key to verify it with.
// Errors never contain the token.
func ParseTokenClaims(token string) (TokenClaims, error) {
	if token == "" {
		return TokenClaims{}, errors.New("participant token is empty")
	}
	claims := jwt.MapClaims{}
	_, _, err := jwt.NewParser(jwt.WithJSONNumber()).ParseUnverified(token, claims)
	// An unknown or missing "alg" only matters for verification, which is not done here;
	// the claims have been decoded by then.
	if err != nil && !errors.Is(err, jwt.ErrTokenUnverifiable) {
		return TokenClaims{}, fmt.Errorf("participant token is not a valid JWT: %w", err)
	}

	var parsed TokenClaims
	fields := []struct {
		name string
		dst  *string
	}{
		{"a", &parsed.AccountID},
		{"p", &parsed.ParticipantID},
		{"v", &parsed.DeviceAPIVersion},
		{"iss", &parsed.Issuer},
		{"tid", &parsed.TokenID},
	}
	for _, f := range fields {
		if *f.dst, err = stringClaim(claims, f.name); err != nil {
			return TokenClaims{}, err
		}
	}
	if parsed.ExpiresAt, err = timeClaim(claims.GetExpirationTime, "exp"); err != nil {
		return TokenClaims{}, err
	}
	if parsed.IssuedAt, err = timeClaim(claims.GetIssuedAt, "iat"); err != nil {
		return TokenClaims{}, err
	}
	return parsed, nil
}

// stringClaim reads a claim as text. Numbers are accepted as their literal because
// claims such as "tid" are undocumented and a number there is no reason to fail.
func stringClaim(claims jwt.MapClaims, name string) (string, error) {
	switch v := claims[name].(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case json.Number:
		return v.String(), nil
	default:
		return "", fmt.Errorf("participant token claim %q is not a string", name)
	}
}

func timeClaim(get func() (*jwt.NumericDate, error), name string) (time.Time, error) {
	date, err := get()
	if err != nil {
		return time.Time{}, fmt.Errorf("participant token claim %q is not a numeric date", name)
	}
	if date == nil {
		return time.Time{}, nil
	}
	return date.Time, nil
}
