package transport

import "testing"

// A made-up JWT: header {"alg":"HS256"}, payload {"sub":"test"}, signature "signature".
const fakeJWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl"

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
		{name: "null secret stays null", in: `{"token":null}`, want: `{"token":null}`},
		{name: "jwt inside any string", in: `{"note":"use ` + fakeJWT + ` now"}`, want: `{"note":"use *** now"}`},
		{name: "bearer inside a message", in: `{"message":"bad header Bearer abc123=="}`, want: `{"message":"bad header Bearer ***"}`},
		{name: "numbers and html kept", in: `{"n":1.50,"big":12345678901234567890,"s":"<a&b>"}`, want: `{"big":12345678901234567890,"n":1.50,"s":"<a&b>"}`},
		{name: "top-level array", in: `[{"token":"t"}]`, want: `[{"token":"***"}]`},
		{name: "plain text jwt", in: "token is " + fakeJWT, want: "token is ***"},
		{name: "form encoded", in: "grant_type=client_credentials&client_secret=s3cr3t&password=pw", want: "grant_type=client_credentials&client_secret=***&password=***"},
		{name: "json cut short", in: `{"participant":{"id":"p-1"},"token":"opaque-value","password" : "pw\"x", "clientSecret":"trunc`, want: `{"participant":{"id":"p-1"},"token":"***","password" : "***", "clientSecret":"***"`},
		{name: "json cut short keeps other keys", in: `{"tag":"t","id":"p`, want: `{"tag":"t","id":"p`},
		{name: "form key case", in: "Client_Secret=abc&scope=x", want: "Client_Secret=***&scope=x"},
		{name: "secret inside a json string", in: `{"error":"bad request body password=pw1"}`, want: `{"error":"bad request body password=***"}`},
		{name: "plain text unchanged", in: "Service Unavailable", want: "Service Unavailable"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(RedactBody([]byte(tc.in))); got != tc.want {
				t.Fatalf("RedactBody(%s)\n got %s\nwant %s", tc.in, got, tc.want)
			}
		})
	}
}
