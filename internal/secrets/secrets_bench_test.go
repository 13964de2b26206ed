package secrets

import "testing"

const benchParticipantBody = `{"participant":{"id":"0275e47f-dd21-4cf0-a1e1-dfdc719e73a7","publishPermissions":["AUDIO","VIDEO"],` +
	`"sessions":[],"subscriptions":{},"tag":"bench-participant","deviceApiVersion":"V3"},"token":"` + fakeJWT + `"}`

func BenchmarkRedactBody(b *testing.B) {
	cases := []struct{ name, body string }{
		{"json", benchParticipantBody},
		{"json_cut_short", benchParticipantBody[:len(benchParticipantBody)/2]},
		{"form", "grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret"},
		{"error", `{"message":"Too Many Requests","requestId":"3c7f7c58-6a8b-4d0e-9a43-0e5e0a3b1e8d"}`},
	}
	for _, tc := range cases {
		body := []byte(tc.body)
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				RedactBody(body)
			}
		})
	}
}
