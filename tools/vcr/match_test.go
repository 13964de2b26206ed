package vcr

import (
	"net/http"
	"strings"
	"testing"

	"gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
)

func TestMatcher(t *testing.T) {
	recorded := cassette.Request{
		Method: http.MethodPost,
		URL:    "https://api.webrtc.bandwidth.com/v1/accounts/9900000/participants",
		Body:   `{"publishPermissions":["AUDIO","VIDEO"],"tag":"alice"}`,
	}
	cases := map[string]struct {
		account, method, url, contentType, body string
		want                                    bool
	}{
		"same":                 {PlaceholderAccountID, "POST", "http://127.0.0.1:1/v1/accounts/9900000/participants", "application/json", `{"publishPermissions":["AUDIO","VIDEO"],"tag":"alice"}`, true},
		"key order":            {PlaceholderAccountID, "POST", "http://127.0.0.1:1/v1/accounts/9900000/participants", "application/json", `{"tag":"alice","publishPermissions":["AUDIO","VIDEO"]}`, true},
		"whitespace":           {PlaceholderAccountID, "POST", "http://127.0.0.1:1/v1/accounts/9900000/participants", "application/json", "{\n \"tag\": \"alice\", \"publishPermissions\": [\"AUDIO\", \"VIDEO\"]\n}", true},
		"live account":         {"5551234", "POST", "http://127.0.0.1:1/v1/accounts/5551234/participants", "application/json", `{"tag":"alice","publishPermissions":["AUDIO","VIDEO"]}`, true},
		"array order":          {PlaceholderAccountID, "POST", "http://127.0.0.1:1/v1/accounts/9900000/participants", "application/json", `{"tag":"alice","publishPermissions":["VIDEO","AUDIO"]}`, false},
		"other tag":            {PlaceholderAccountID, "POST", "http://127.0.0.1:1/v1/accounts/9900000/participants", "application/json", `{"tag":"bob","publishPermissions":["AUDIO","VIDEO"]}`, false},
		"extra field":          {PlaceholderAccountID, "POST", "http://127.0.0.1:1/v1/accounts/9900000/participants", "application/json", `{"tag":"alice","publishPermissions":["AUDIO","VIDEO"],"x":1}`, false},
		"no body":              {PlaceholderAccountID, "POST", "http://127.0.0.1:1/v1/accounts/9900000/participants", "", ``, false},
		"other method":         {PlaceholderAccountID, "PUT", "http://127.0.0.1:1/v1/accounts/9900000/participants", "application/json", `{"tag":"alice","publishPermissions":["AUDIO","VIDEO"]}`, false},
		"other path":           {PlaceholderAccountID, "POST", "http://127.0.0.1:1/v1/accounts/9900000/sessions", "application/json", `{"tag":"alice","publishPermissions":["AUDIO","VIDEO"]}`, false},
		"other account":        {PlaceholderAccountID, "POST", "http://127.0.0.1:1/v1/accounts/1234567/participants", "application/json", `{"tag":"alice","publishPermissions":["AUDIO","VIDEO"]}`, false},
		"unexpected query":     {PlaceholderAccountID, "POST", "http://127.0.0.1:1/v1/accounts/9900000/participants?x=1", "application/json", `{"tag":"alice","publishPermissions":["AUDIO","VIDEO"]}`, false},
		"not JSON vs recorded": {PlaceholderAccountID, "POST", "http://127.0.0.1:1/v1/accounts/9900000/participants", "text/plain", `tag=alice`, false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, tc.url, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			match := Matcher(tc.account)
			if got := match(req, recorded); got != tc.want {
				t.Fatalf("match = %v, want %v", got, tc.want)
			}
			// The body is still there for the next interaction and for the caller.
			if got := match(req, recorded); got != tc.want {
				t.Fatalf("second match = %v, want %v: the matcher consumed the body", got, tc.want)
			}
		})
	}
}

func TestMatcherFormBodies(t *testing.T) {
	recorded := cassette.Request{Method: http.MethodPost, URL: "https://api.bandwidth.com/api/v1/oauth2/token", Body: "grant_type=client_credentials"}
	for body, want := range map[string]bool{
		"grant_type=client_credentials":                                 true,
		"client_id=x&client_secret=y&grant_type=client_credentials":     true, // credentials are scrubbed before comparing
		"grant_type=password":                                           false,
		"grant_type=client_credentials&scope=webrtc":                    false,
		"grant_type=client_credentials&grant_type=client_credentials&a": false,
	} {
		req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1:9/api/v1/oauth2/token", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if got := Matcher(PlaceholderAccountID)(req, recorded); got != want {
			t.Errorf("body %q: match = %v, want %v", body, got, want)
		}
	}
}
