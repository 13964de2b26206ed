package webrtcmock

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// FaultSyntax documents the text form ParseFault reads (used by tools/cmd/webrtcmock -fault).
const FaultSyntax = `OPERATION=ITEM[;ITEM...]  where ITEM is one of
  STATUS[:RETRY_AFTER]  answer STATUS (e.g. 503, or 429:2 with Retry-After: 2) with the documented error body
  reset                 close the connection with no answer (TCP RST)
  malformed             answer 200 with truncated JSON
  body=JSON             answer JSON (no ";" in it) with STATUS, else 200, e.g. a success without an id
  delay=DURATION        wait first (e.g. 1500ms); alone, the request is then handled normally
  after                 perform the operation first, then apply the fault (state changes, reply is lost)
  times=N               apply to N requests (default 1; -1 = every request)
Examples: createParticipant=503:2;times=3   getSession=delay=2s   createParticipant=reset;after`

// ParseFault reads "operation=item;item..." (see FaultSyntax) into an Inject call's arguments.
func ParseFault(spec string) (operation string, f Fault, err error) {
	operation, items, ok := strings.Cut(spec, "=")
	operation = strings.TrimSpace(operation)
	if !ok || strings.TrimSpace(items) == "" {
		return "", Fault{}, fmt.Errorf("fault %q: want OPERATION=ITEM[;ITEM...]", spec)
	}
	if !knownOperation(operation) {
		return "", Fault{}, fmt.Errorf("fault %q: unknown operation %q", spec, operation)
	}
	for _, item := range strings.Split(items, ";") {
		if err := applyFaultItem(&f, strings.TrimSpace(item)); err != nil {
			return "", Fault{}, fmt.Errorf("fault %q: %w", spec, err)
		}
	}
	return operation, f, nil
}

func applyFaultItem(f *Fault, item string) error {
	key, value, hasValue := strings.Cut(item, "=")
	switch {
	case item == "reset":
		f.Reset = true
	case item == "malformed":
		f.Malformed = true
	case item == "after":
		f.AfterHandling = true
	case hasValue && key == "delay":
		d, err := time.ParseDuration(value)
		if err != nil || d < 0 {
			return fmt.Errorf("delay %q is not a non-negative duration", value)
		}
		f.Delay = d
	case hasValue && key == "body":
		if value == "" {
			return errors.New("body is empty")
		}
		f.Body = value
	case hasValue && key == "times":
		n, err := strconv.Atoi(value)
		if err != nil {
			return fmt.Errorf("times %q is not an integer", value)
		}
		f.Times = n
	default:
		return parseStatusItem(f, item)
	}
	return nil
}

func parseStatusItem(f *Fault, item string) error {
	status, retryAfter, _ := strings.Cut(item, ":")
	code, err := strconv.Atoi(status)
	if err != nil || code < 100 || code > 599 {
		return errors.New("unknown item " + strconv.Quote(item))
	}
	f.Status = code
	f.RetryAfter = retryAfter
	return nil
}
