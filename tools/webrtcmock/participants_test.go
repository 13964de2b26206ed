package webrtcmock

import (
	"net/http"
	"strings"
	"testing"
)

func TestCreateParticipantDefaults(t *testing.T) {
	for _, body := range []string{"", "{}", "null", "  "} {
		t.Run("body "+body, func(t *testing.T) {
			h := newHarness(t, Options{})
			r := h.api(http.MethodPost, "participants", body)
			expectStatus(t, r, http.StatusOK)
			created := decode[map[string]any](t, r.body)
			participant := created["participant"].(map[string]any)
			id := participant["id"].(string)
			if !isUUID(id) {
				t.Fatalf("id %q is not a UUID", id)
			}
			if token, _ := created["token"].(string); strings.Count(token, ".") != 2 {
				t.Fatalf("token %q is not a JWT", token)
			}
			expectJSON(t, reply{body: mustMarshal(t, participant)}, `{
				"id": "`+id+`",
				"callbackUrl": null,
				"publishPermissions": ["AUDIO", "VIDEO"],
				"sessions": [],
				"subscriptions": {},
				"deviceApiVersion": "V3"
			}`)
		})
	}
}

func TestCreateParticipantKeepsWhatWasSent(t *testing.T) {
	cases := []struct {
		name, body string
		want       ParticipantView
	}{
		{"all fields", `{"callbackUrl":"https://example.com/cb","publishPermissions":["VIDEO","AUDIO"],"tag":"participant1","deviceApiVersion":"V3"}`,
			ParticipantView{CallbackURL: ptr("https://example.com/cb"), PublishPermissions: []string{"VIDEO", "AUDIO"}, Tag: "participant1", DeviceAPIVersion: "V3"}},
		{"lower-case v3 is normalised", `{"deviceApiVersion":"v3"}`,
			ParticipantView{PublishPermissions: []string{"AUDIO", "VIDEO"}, DeviceAPIVersion: "V3"}},
		{"explicit empty permissions stay empty", `{"publishPermissions":[]}`,
			ParticipantView{PublishPermissions: []string{}, DeviceAPIVersion: "V3"}},
		{"audio only", `{"publishPermissions":["AUDIO"]}`,
			ParticipantView{PublishPermissions: []string{"AUDIO"}, DeviceAPIVersion: "V3"}},
		{"null callbackUrl", `{"callbackUrl":null}`,
			ParticipantView{PublishPermissions: []string{"AUDIO", "VIDEO"}, DeviceAPIVersion: "V3"}},
		{"tag of exactly 50 characters", `{"tag":"` + strings.Repeat("t", 50) + `"}`,
			ParticipantView{PublishPermissions: []string{"AUDIO", "VIDEO"}, Tag: strings.Repeat("t", 50), DeviceAPIVersion: "V3"}},
		{"tag of 50 multi-byte characters", `{"tag":"` + strings.Repeat("é", 50) + `"}`,
			ParticipantView{PublishPermissions: []string{"AUDIO", "VIDEO"}, Tag: strings.Repeat("é", 50), DeviceAPIVersion: "V3"}},
		{"unknown and read-only fields are ignored", `{"id":"` + otherUUID + `","sessions":["x"],"color":"blue","tag":"t"}`,
			ParticipantView{PublishPermissions: []string{"AUDIO", "VIDEO"}, Tag: "t", DeviceAPIVersion: "V3"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			got, _ := h.createParticipant(tc.body)
			tc.want.ID = got.ID
			tc.want.Sessions = []string{}
			mustEqual(t, "created participant", got, tc.want)
			mustEqual(t, "fetched participant", h.getParticipant(got.ID), tc.want)
			snapshot, ok := h.m.Participant(got.ID)
			mustEqual(t, "snapshot found", ok, true)
			mustEqual(t, "snapshot", snapshot, tc.want)
		})
	}
}

func TestCreateParticipantRejectsInvalidBodies(t *testing.T) {
	cases := []struct{ name, body, want string }{
		{"unknown permission", `{"publishPermissions":["AUDIO","SCREEN"]}`, `"SCREEN" is not one of AUDIO, VIDEO`},
		{"permission in lower case", `{"publishPermissions":["audio"]}`, `"audio" is not one of AUDIO, VIDEO`},
		{"duplicate permission", `{"publishPermissions":["AUDIO","VIDEO","AUDIO"]}`, `"AUDIO" is listed more than once`},
		{"V2 removed in spec 2.0.0", `{"deviceApiVersion":"V2"}`, "V2 is no longer supported"},
		{"v2 removed in spec 2.0.0", `{"deviceApiVersion":"v2"}`, "V2 is no longer supported"},
		{"unknown version", `{"deviceApiVersion":"V4"}`, `deviceApiVersion "V4" is not supported`},
		{"empty version", `{"deviceApiVersion":""}`, `deviceApiVersion "" is not supported`},
		{"tag too long", `{"tag":"` + strings.Repeat("t", 51) + `"}`, "tag must be at most 50 characters"},
		{"tag of 51 multi-byte characters", `{"tag":"` + strings.Repeat("é", 51) + `"}`, "tag must be at most 50 characters"},
		{"truncated JSON", `{"tag":`, "malformed JSON body"},
		{"array body", `[]`, "malformed JSON body"},
		{"wrong field type", `{"tag":5}`, "malformed JSON body"},
		{"trailing garbage", `{"tag":"a"} x`, "malformed JSON body"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			expectRequestError(t, h.api(http.MethodPost, "participants", tc.body), http.StatusBadRequest, tc.want)
			mustEqual(t, "live participants", h.m.Stats().LiveParticipants, 0)
			mustEqual(t, "participants created", h.m.Stats().ParticipantsCreated, 0)
		})
	}
}

func TestIdenticalCreatesMakeDistinctParticipants(t *testing.T) {
	h := newHarness(t, Options{})
	body := `{"tag":"same","publishPermissions":["AUDIO"]}`
	first, firstToken := h.createParticipant(body)
	second, secondToken := h.createParticipant(body)
	if first.ID == second.ID || firstToken == secondToken {
		t.Fatalf("identical bodies gave the same participant or token: %s / %s", first.ID, second.ID)
	}
	stats := h.m.Stats()
	mustEqual(t, "ParticipantsCreated", stats.ParticipantsCreated, 2)
	mustEqual(t, "LiveParticipants", stats.LiveParticipants, 2)
	mustEqual(t, "ParticipantIDs", len(h.m.ParticipantIDs()), 2)
}

func TestDeleteParticipant(t *testing.T) {
	h := newHarness(t, Options{})
	pid := h.newParticipant()
	r := h.api(http.MethodDelete, "participants/"+pid, "")
	expectStatus(t, r, http.StatusNoContent)
	expectNoBody(t, r)
	expectRequestError(t, h.api(http.MethodGet, "participants/"+pid, ""), http.StatusNotFound, "participant "+pid+" not found")
	expectRequestError(t, h.api(http.MethodDelete, "participants/"+pid, ""), http.StatusNotFound, "not found")
	if _, ok := h.m.Participant(pid); ok {
		t.Fatal("snapshot still found after delete")
	}
	mustEqual(t, "ParticipantsCreated stays", h.m.Stats().ParticipantsCreated, 1)
}

func TestParticipantSnapshotIsACopy(t *testing.T) {
	h := newHarness(t, Options{})
	sid := h.newSession("s")
	pid := h.newParticipant()
	expectStatus(t, h.addToSession(sid, pid, `{"participants":[{"participantId":"`+otherUUID+`","streamAliases":["a"]}]}`), 204)
	view, _ := h.m.Participant(pid)
	view.PublishPermissions[0] = "CHANGED"
	view.Sessions[0] = "CHANGED"
	view.Subscriptions.Participants[0].StreamAliases[0] = "CHANGED"
	again, _ := h.m.Participant(pid)
	mustEqual(t, "permissions", again.PublishPermissions, []string{"AUDIO", "VIDEO"})
	mustEqual(t, "sessions", again.Sessions, []string{sid})
	mustEqual(t, "aliases", again.Subscriptions.Participants[0].StreamAliases, []string{"a"})
}

func ptr[T any](v T) *T { return &v }
