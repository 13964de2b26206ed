package explorer

import (
	"sync/atomic"
	"time"
)

// skewClock is the mock's clock: real time, or behind it while a step wants old tokens.
// The provider keeps the real clock, so a token the mock issues while behind looks old to it.
type skewClock struct {
	behind atomic.Int64 // nanoseconds
}

func (c *skewClock) Now() time.Time { return time.Now().Add(-time.Duration(c.behind.Load())) }

func (c *skewClock) set(behind time.Duration) { c.behind.Store(int64(behind)) }
