package webrtcmock

import (
	"testing"
	"time"
)

func TestParseFault(t *testing.T) {
	valid := []struct {
		spec string
		op   string
		want Fault
	}{
		{"createParticipant=503", OpCreateParticipant, Fault{Status: 503}},
		{"createParticipant=429:2", OpCreateParticipant, Fault{Status: 429, RetryAfter: "2"}},
		{"getSession=503:2;times=3", OpGetSession, Fault{Status: 503, RetryAfter: "2", Times: 3}},
		{"getSession=delay=1500ms", OpGetSession, Fault{Delay: 1500 * time.Millisecond}},
		{"createParticipant=reset;after", OpCreateParticipant, Fault{Reset: true, AfterHandling: true}},
		{"oauth2Token=malformed; times=-1", OpOAuth2Token, Fault{Malformed: true, Times: -1}},
		{" deleteSession = 500;delay=1s;after", OpDeleteSession, Fault{Status: 500, Delay: time.Second, AfterHandling: true}},
	}
	for _, tc := range valid {
		t.Run(tc.spec, func(t *testing.T) {
			op, f, err := ParseFault(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			mustEqual(t, "operation", op, tc.op)
			mustEqual(t, "fault", f, tc.want)
		})
	}

	invalid := []string{
		"createParticipant",
		"createParticipant=",
		"createParticipants=503",
		"unknown=503",
		"createParticipant=99",
		"createParticipant=600",
		"createParticipant=boom",
		"createParticipant=delay=soon",
		"createParticipant=delay=-1s",
		"createParticipant=times=x",
		"createParticipant=503;;",
	}
	for _, spec := range invalid {
		t.Run("invalid "+spec, func(t *testing.T) {
			if _, _, err := ParseFault(spec); err == nil {
				t.Fatalf("ParseFault(%q) accepted", spec)
			}
		})
	}
}
