package secrets

import (
	"encoding/json"
	"testing"
)

// Fake credentials, shaped like real ones. fakeJWT: header {"alg":"HS256"}, payload
// {"sub":"test"}, signature "signature".
const (
	fakeJWT          = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl"
	fakeLongJWT      = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhIjoiOTkwMDAwMCIsInAiOiJwMSJ9.c2lnbmF0dXJlLW9mLXRoZS1mYWtlLXRva2Vu"
	fakeOpaqueBearer = "opaque-access-token-7Hq2Zk"
	fakeBasic        = "ZGVtby11c2VyOmRlbW8tcGFzc3dvcmQ=" // demo-user:demo-password
	fakeSecret       = "client-secret-Xy81Lm"
	fakePassword     = "hunter2-Pw61"
	fakeAccessToken  = "access-token-Rt55Nb"
)

func TestRedact(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want string
	}{
		// Credentials anywhere in text.
		{name: "jwt", in: "participant token " + fakeLongJWT + " expired", want: "participant token *** expired"},
		{name: "jwt after text", in: "token is " + fakeJWT, want: "token is ***"},
		{name: "jwt-shaped token", in: "sig aaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbb.cc end", want: "sig *** end"},
		{name: "bearer in prose", in: "token Bearer " + fakeOpaqueBearer + " is not valid here", want: "token Bearer *** is not valid here"},
		{name: "bearer with padding", in: "bad header Bearer abc123==", want: "bad header Bearer ***"},
		{name: "basic in prose", in: "rejected Basic " + fakeBasic + " for this route", want: "rejected Basic *** for this route"},
		{name: "short basic pair", in: "rejected Basic dXNlcjpwdw for this route", want: "rejected Basic *** for this route"},
		{name: "gateway message", in: "Invalid key=value pair in Authorization header: Bearer " + fakeOpaqueBearer, want: "Invalid key=value pair in Authorization header: Bearer ***"},

		// Header lines: the value runs to the end of the line or the next tag.
		{
			name: "html page echoing headers",
			in:   "<html><body><h1>502 Bad Gateway</h1><pre>Authorization: Basic " + fakeBasic + "\nAccept: application/json</pre></body></html>",
			want: "<html><body><h1>502 Bad Gateway</h1><pre>Authorization: ***\nAccept: application/json</pre></body></html>",
		},
		{name: "authorization line", in: "upstream refused request\nauthorization: Bearer " + fakeOpaqueBearer + "\nvia: proxy-1", want: "upstream refused request\nauthorization: ***\nvia: proxy-1"},
		{name: "proxy-authorization line", in: "Proxy-Authorization: Basic dXNlcjpwdw==\r\nHost: x", want: "Proxy-Authorization: ***\r\nHost: x"},
		{name: "x-authorization pair", in: "x-authorization=opaque,value end", want: "x-authorization=***"},

		// Key-value pairs, in every key spelling.
		{
			name: "form encoded",
			in:   "bad request: grant_type=client_credentials&client_secret=" + fakeSecret + "&password=" + fakePassword + "&access_token=" + fakeAccessToken,
			want: "bad request: grant_type=client_credentials&client_secret=***&password=***&access_token=***",
		},
		{name: "form key case", in: "Client_Secret=abc&scope=x", want: "Client_Secret=***&scope=x"},
		{
			name: "json cut short",
			in:   `{"participant":{"id":"p-1"},"token":"opaque-value","password" : "pw\"x", "clientSecret":"trunc`,
			want: `{"participant":{"id":"p-1"},"token":"***","password" : "***", "clientSecret":"***"`,
		},
		{name: "json cut short keeps other keys", in: `{"tag":"t","id":"p`, want: `{"tag":"t","id":"p`},
		{
			name: "json fragment in prose",
			in:   `proxy saw {"access_token":"` + fakeAccessToken + `","clientSecret":"` + fakeSecret + `","expires_in":3600`,
			want: `proxy saw {"access_token":"***","clientSecret":"***","expires_in":3600`,
		},
		{name: "json of no known shape", in: `{"detail":"denied","password":"` + fakePassword + `"}`, want: `{"detail":"denied","password":"***"}`},
		{name: "quoted and bare pairs", in: "api_key: 'k-123' and passwd=pw, Secret = s3", want: "api_key: '***' and passwd=***, Secret = ***"},
		{name: "query string in a url", in: "GET https://api.example.com/x?access_token=abc123&x=1 failed", want: "GET https://api.example.com/x?access_token=***&x=1 failed"},
		{name: "pair after another key's separator", in: "error:password=hunter2", want: "error:password=***"},
		{name: "pair inside another key's value", in: `note="password=abc"`, want: `note="password=***"`},
		{name: "empty value", in: "token=&id_token=", want: "token=&id_token="},

		// Prose and ordinary values read as written.
		{name: "plain text", in: "Service Unavailable", want: "Service Unavailable"},
		{name: "token in a phrase", in: "Missing Authentication Token", want: "Missing Authentication Token"},
		{name: "basic as a word", in: "Basic authentication failed for this account", want: "Basic authentication failed for this account"},
		{name: "bearer as a word", in: "bearer tokens are not accepted", want: "bearer tokens are not accepted"},
		{name: "host and versions", in: "upstream api.webrtc.bandwidth.com timed out after 30.0 s (version 1.2.3)", want: "upstream api.webrtc.bandwidth.com timed out after 30.0 s (version 1.2.3)"},
		{name: "validator message", in: "tag must be at most 50 characters", want: "tag must be at most 50 characters"},
		{name: "key with a longer name", in: `{"tokenType":"bearer","my_token":"x"}`, want: `{"tokenType":"bearer","my_token":"x"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Redact(tc.in); got != tc.want {
				t.Fatalf("Redact(%s)\n got %s\nwant %s", tc.in, got, tc.want)
			}
		})
	}
}

func TestRedactBody(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want string
	}{
		{name: "empty", in: "", want: ""},
		{name: "no secrets unchanged", in: `{"id":"p-1","publishPermissions":["AUDIO"]}`, want: `{"id":"p-1","publishPermissions":["AUDIO"]}`},
		{name: "participant token", in: `{"participant":{"id":"p-1"},"token":"abc.def"}`, want: `{"participant":{"id":"p-1"},"token":"***"}`},
		{name: "oauth response", in: `{"access_token":"a","refresh_token":"r","id_token":"i","expires_in":3600}`, want: `{"access_token":"***","expires_in":3600,"id_token":"***","refresh_token":"***"}`},
		{name: "nested in arrays", in: `{"items":[{"password":"p","name":"n"},{"deep":{"client_secret":{"x":1}}}]}`, want: `{"items":[{"name":"n","password":"***"},{"deep":{"client_secret":"***"}}]}`},
		{name: "key case and camelCase", in: `{"Token":"a","accessToken":"b","CLIENT-SECRET":"c"}`, want: `{"CLIENT-SECRET":"***","Token":"***","accessToken":"***"}`},
		{name: "every key", in: `{"passwd":1,"secret":true,"api-key":"k","apiKey":"k","idToken":"i","Authorization":"Basic x","proxy_authorization":"y","X-Authorization":"z"}`, want: `{"Authorization":"***","X-Authorization":"***","api-key":"***","apiKey":"***","idToken":"***","passwd":"***","proxy_authorization":"***","secret":"***"}`},
		{name: "null secret stays null", in: `{"token":null}`, want: `{"token":null}`},
		{name: "jwt inside any string", in: `{"note":"use ` + fakeJWT + ` now"}`, want: `{"note":"use *** now"}`},
		{name: "bearer inside a message", in: `{"message":"bad header Bearer abc123=="}`, want: `{"message":"bad header Bearer ***"}`},
		{name: "secret inside a json string", in: `{"error":"bad request body password=pw1"}`, want: `{"error":"bad request body password=***"}`},
		{name: "header line inside a json string", in: `{"echo":"Authorization: Basic dXNlcjpwdw==\nVia: p"}`, want: `{"echo":"Authorization: ***\nVia: p"}`},
		{name: "numbers and html kept", in: `{"n":1.50,"big":12345678901234567890,"s":"<a&b>"}`, want: `{"big":12345678901234567890,"n":1.50,"s":"<a&b>"}`},
		{name: "top-level array", in: `[{"token":"t"}]`, want: `[{"token":"***"}]`},
		{name: "not json: as text", in: "grant_type=client_credentials&client_secret=s3cr3t&password=pw", want: "grant_type=client_credentials&client_secret=***&password=***"},
		{name: "json cut short: as text", in: `{"tag":"t","token":"opaque-val`, want: `{"tag":"t","token":"***"`},
		{name: "plain text unchanged", in: "Service Unavailable", want: "Service Unavailable"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := RedactBody([]byte(tc.in))
			if string(got) != tc.want {
				t.Fatalf("RedactBody(%s)\n got %s\nwant %s", tc.in, got, tc.want)
			}
			if json.Valid([]byte(tc.in)) && !json.Valid(got) {
				t.Fatalf("RedactBody(%s) = %s: no longer JSON", tc.in, got)
			}
		})
	}
}

func TestJWT(t *testing.T) {
	for _, s := range []string{fakeJWT, fakeLongJWT, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0In0."} {
		if got := JWT.FindString("token " + s + " end"); got != s {
			t.Errorf("JWT found %q in a text holding %q", got, s)
		}
	}
	for _, s := range []string{"0275e47f-dd21-4cf0-a1e1-dfdc719e73a7", "api.webrtc.bandwidth.com", "eyJhbGciOiJIUzI1NiJ9"} {
		if JWT.MatchString(s) {
			t.Errorf("JWT matches %q", s)
		}
	}
}
