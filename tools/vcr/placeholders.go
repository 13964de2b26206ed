// Package vcr records the provider's HTTP traffic with the Bandwidth API into go-vcr cassettes
// and replays it offline. Secrets never reach a cassette: a save hook keeps only allow-listed
// headers and replaces credentials, access tokens, participant tokens and the account id with the
// stable placeholders below, and the bytes are scanned again before they are written. Replay
// matches requests by method, path and JSON-equal body, and serves repeated identical requests
// in the order they were recorded.
package vcr

import (
	"encoding/base64"
	"time"
)

const (
	// PlaceholderAccountID replaces the recording account id in URLs and bodies. Replay runs the
	// provider with this account id, so the requests it sends carry it as recorded.
	PlaceholderAccountID = "9900000"

	// PlaceholderAccessToken replaces every OAuth2 access_token in a token response.
	PlaceholderAccessToken = "vcr-placeholder-access-token"

	// PlaceholderTokenID replaces a participant token's tid and jti claims.
	PlaceholderTokenID = "00000000-0000-0000-0000-000000000000"

	// scrubbedValue replaces claims and form fields whose meaning is unknown.
	scrubbedValue = "scrubbed"
)

// PlaceholderSignature is the signature segment of every placeholder JWT; a JWT with any other
// signature in a cassette is a leak.
var PlaceholderSignature = base64.RawURLEncoding.EncodeToString([]byte("go-vcr placeholder signature, not a real one"))

var (
	// PlaceholderExpiry is the exp claim of placeholder participant tokens: far in the future and
	// fixed, so a replay gives the same token_expires_at and token_expired whenever it runs. The
	// recorded exp would make token_expired (and renew_before plans) depend on the replay date.
	PlaceholderExpiry = time.Date(2100, time.January, 1, 0, 0, 0, 0, time.UTC)

	// PlaceholderIssuedAt is the iat and nbf claim of placeholder participant tokens.
	PlaceholderIssuedAt = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)
)
