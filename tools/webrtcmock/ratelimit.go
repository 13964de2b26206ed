package webrtcmock

import (
	"math"
	"time"
)

// rateLimiter is a token bucket driven by the mock's clock, so tests can step it deterministically.
// The bucket holds one second's worth of requests (at least one).
type rateLimiter struct {
	perSecond float64 // 0: off
	tokens    float64
	last      time.Time
}

// SetRateLimit limits all counted requests to perSecond; 0 (or less) turns the limit off. Over the
// limit the mock answers 429 with an integer Retry-After of at least 1 second.
func (m *Mock) SetRateLimit(perSecond float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.limiter = rateLimiter{perSecond: math.Max(0, perSecond), last: m.now()}
	m.limiter.tokens = m.limiter.capacity()
}

func (l *rateLimiter) capacity() float64 { return math.Max(1, l.perSecond) }

// take spends one token. When none is left it reports the whole seconds until one will be.
func (l *rateLimiter) take(now time.Time) (retryAfterSeconds int, limited bool) {
	if l.perSecond <= 0 {
		return 0, false
	}
	if elapsed := now.Sub(l.last); elapsed > 0 {
		l.tokens = math.Min(l.capacity(), l.tokens+elapsed.Seconds()*l.perSecond)
		l.last = now
	}
	if l.tokens >= 1 {
		l.tokens--
		return 0, false
	}
	wait := math.Ceil((1 - l.tokens) / l.perSecond)
	return max(1, int(wait)), true
}
