// Package webrtcmock is an in-memory stand-in for the Bandwidth WebRTC HTTP API (v1, spec 2.0.0)
// plus the Bandwidth OAuth2 token endpoint. It is an independent reading of the published API,
// written for acceptance tests, demos, benchmarks and fault-injection tests: every object lives in
// memory, every request is counted, and faults can be queued per operation.
package webrtcmock

import (
	"crypto/rand"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure a Mock. Zero values take the defaults documented on each field.
type Options struct {
	AccountID    string // default "9900000"
	Username     string // default "demo"
	Password     string // default "demo"
	ClientID     string // OAuth2 client id, default "demo-client"
	ClientSecret string // default "demo-secret"

	TokenLifetime       time.Duration // participant JWT lifetime, default 9h
	AccessTokenLifetime time.Duration // OAuth2 access token lifetime, default 1h

	// LegacySubscriptionsOnCreate selects how createParticipant treats a `subscriptions` field.
	// false (spec 2.0.0): accepted, ignored, returned as {}.
	// true (older API, see the seed docs): stored, returned, and the participant joins that session.
	LegacySubscriptionsOnCreate bool

	// Variants switch on behaviours Bandwidth's documentation does not rule out, where the
	// default is the mock's reading of a point the documentation is silent on. Several combine,
	// except contradictory pairs; New panics on an unknown or contradictory list (check one from
	// user input with ParseVariants or CheckVariants first). The variants:
	//
	//   - subscriptions-need-membership: updateParticipantSubscriptions answers 404 for a session
	//     the participant is not in. Default: stored without membership, as a C# SDK test expects.
	//   - subscriptions-add-membership: updateParticipantSubscriptions on a session the participant
	//     is not in adds it to that session first (any body, an empty one included), answering
	//     addParticipantToSession's 409s when it is in another session or the session is full.
	//   - session-subscription-expanded: a whole-session subscription ({sessionId} alone) is read
	//     back, by getParticipantSubscriptions and in participant objects, with `participants`
	//     listing the session's other members at the time of the read.
	//   - no-stream-aliases-echo: subscriptions are read back without `streamAliases`.
	//   - readd-clears-subscriptions: addParticipantToSession with no subscriptions (no body, {},
	//     or nothing to subscribe to) for a participant already in that session clears its
	//     subscriptions there. Default: left alone, as the spec says such a call only adds.
	//   - readd-conflict: addParticipantToSession for a participant already in that session
	//     answers 409. Default: succeeds again.
	//   - empty-permissions: an omitted publishPermissions is stored and read back as [].
	//   - absent-permissions: an omitted publishPermissions is left out of participant objects.
	//     Default for both: ["AUDIO","VIDEO"].
	//   - generated-tag: an omitted (or empty) tag of a participant or a session is stored and
	//     read back as a generated one, "participant-<first 8 characters of the id>" or
	//     "session-<...>", as a C# SDK test suggests for participants. Default: absent.
	//   - extra-fields: every JSON object in an API answer (errors included) carries fields no
	//     spec defines (createdTime, extensions), and session objects a participantIds list.
	//
	// Contradictory pairs: subscriptions-need-membership with subscriptions-add-membership,
	// empty-permissions with absent-permissions, readd-clears-subscriptions with readd-conflict.
	Variants []Variant

	Now func() time.Time // clock, default time.Now; tests move it to expire tokens
}

// WithDefaults returns o with every zero field set to its default, as New applies them.
func (o Options) WithDefaults() Options {
	setDefault(&o.AccountID, "9900000")
	setDefault(&o.Username, "demo")
	setDefault(&o.Password, "demo")
	setDefault(&o.ClientID, "demo-client")
	setDefault(&o.ClientSecret, "demo-secret")
	if o.TokenLifetime <= 0 {
		o.TokenLifetime = 9 * time.Hour
	}
	if o.AccessTokenLifetime <= 0 {
		o.AccessTokenLifetime = time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

func setDefault(field *string, value string) {
	if *field == "" {
		*field = value
	}
}

// Mock is the in-memory API. It implements http.Handler and is safe for concurrent use.
type Mock struct {
	opts        Options
	tokenSecret []byte // signs participant JWTs; random per mock so tokens never validate elsewhere
	connections atomic.Int64

	mu                  sync.Mutex
	legacySubscriptions bool
	participants        map[string]*participantState
	sessions            map[string]*sessionState
	accessTokens        map[string]time.Time // OAuth2 access token -> expiry
	issuedAccessTokens  []string             // every access token ever issued, for leak checks
	faults              map[string][]*pendingFault
	limiter             rateLimiter
	counters            counters
	sequence            uint64 // orders subscription writes so "latest" is well defined
}

// New returns a Mock with no objects.
func New(opts Options) *Mock {
	opts = opts.WithDefaults()
	if err := CheckVariants(opts.Variants); err != nil {
		panic("webrtcmock: " + err.Error())
	}
	opts.Variants = slices.Clone(opts.Variants)
	secret := make([]byte, 32)
	_, _ = rand.Read(secret) // crypto/rand.Read never fails on supported platforms
	m := &Mock{
		opts:                opts,
		tokenSecret:         secret,
		legacySubscriptions: opts.LegacySubscriptionsOnCreate,
		accessTokens:        map[string]time.Time{},
	}
	m.resetLocked()
	return m
}

// Reset drops every participant, session, counter, queued fault and the rate limit.
// Issued OAuth2 access tokens stay valid: they are credentials held by clients, not API objects,
// and a client that cached one should not start failing because a test reset the data.
func (m *Mock) Reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.resetLocked()
	m.connections.Store(0)
}

func (m *Mock) resetLocked() {
	m.participants = map[string]*participantState{}
	m.sessions = map[string]*sessionState{}
	m.faults = map[string][]*pendingFault{}
	m.limiter = rateLimiter{}
	m.counters = newCounters()
}

// SetLegacySubscriptionsOnCreate switches between spec 2.0.0 and the older createParticipant
// behaviour at run time (see Options.LegacySubscriptionsOnCreate).
func (m *Mock) SetLegacySubscriptionsOnCreate(legacy bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.legacySubscriptions = legacy
}

func (m *Mock) now() time.Time { return m.opts.Now() }
