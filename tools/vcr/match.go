package vcr

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
)

// Matcher matches a live request to a recorded one by what identifies an API call, not by what
// changes between runs:
//   - the method;
//   - the URL path, with the live account id mapped to the placeholder first (the host and port
//     are ignored: the recording used the real API, replay points at a dead loopback port);
//   - the query, as parsed values;
//   - the body after the same scrubbing the recording got: JSON bodies are compared as values, so
//     the order of object keys is irrelevant (arrays keep their order: the provider sorts every
//     set it sends), form bodies as parsed values, anything else as trimmed text.
//
// Headers are not compared: the cassette keeps almost none, and Authorization differs by design.
// Used with non-replayable interactions, go-vcr serves the first interaction not yet replayed that
// matches, so repeated identical requests (the many GETs of one participant) get their answers in
// the order they were recorded, whatever order Terraform's parallel walk sends unrelated requests.
func Matcher(accountID string) cassette.MatcherFunc {
	s := &Scrubber{AccountID: accountID}
	return func(r *http.Request, rec cassette.Request) bool {
		if r.Method != rec.Method {
			return false
		}
		recorded, err := url.Parse(rec.URL)
		if err != nil || s.Path(r.URL.Path) != recorded.Path {
			return false
		}
		if !sameValues(scrubValues(s, r.URL.Query()), recorded.Query()) {
			return false
		}
		body, ok := peekBody(r)
		if !ok {
			return false
		}
		contentType := r.Header.Get("Content-Type")
		return sameBody(s.Body(body, contentType), rec.Body, contentType)
	}
}

// peekBody reads the request body and puts an unread copy back for the next matcher call.
func peekBody(r *http.Request) (string, bool) {
	if r.Body == nil || r.Body == http.NoBody {
		return "", true
	}
	raw, err := io.ReadAll(r.Body)
	_ = r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(raw))
	return string(raw), err == nil
}

func sameBody(live, recorded, contentType string) bool {
	if strings.TrimSpace(live) == "" || strings.TrimSpace(recorded) == "" {
		return strings.TrimSpace(live) == strings.TrimSpace(recorded)
	}
	if media, _, _ := mime.ParseMediaType(contentType); media == "application/x-www-form-urlencoded" {
		a, errA := url.ParseQuery(live)
		b, errB := url.ParseQuery(recorded)
		return errA == nil && errB == nil && sameValues(a, b)
	}
	a, okA := decodeJSON(live)
	b, okB := decodeJSON(recorded)
	if okA || okB {
		return okA && okB && reflect.DeepEqual(a, b)
	}
	return strings.TrimSpace(live) == strings.TrimSpace(recorded)
}

func sameValues(a, b url.Values) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

func scrubValues(s *Scrubber, values url.Values) url.Values {
	out := url.Values{}
	for k, vs := range values {
		for _, v := range vs {
			out.Add(k, s.text(v))
		}
	}
	return out
}
