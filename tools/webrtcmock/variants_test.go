package webrtcmock

import (
	"net/http"
	"strings"
	"testing"
)

// Each variant test runs the same exchange against the default mock and against the variant,
// so it fails both when the variant does nothing and when it leaks into the default.

func TestVariantSubscriptionsNeedMembership(t *testing.T) {
	for _, variant := range []bool{false, true} {
		opts := Options{}
		if variant {
			opts.Variants = []Variant{VariantSubscriptionsNeedMembership}
		}
		h := newHarness(t, opts)
		room, alice, bob := h.newSession("room"), h.newParticipant(), h.newParticipant()
		r := h.updateSubscriptions(room, alice, `{"sessionId":"`+room+`"}`)
		if variant {
			expectRequestError(t, r, http.StatusNotFound, "participant "+alice+" is not in session "+room)
			expectStatus(t, h.getSubscriptions(room, alice), http.StatusNoContent)
		} else {
			expectStatus(t, r, http.StatusNoContent)
			expectJSON(t, h.getSubscriptions(room, alice), `{"sessionId":"`+room+`"}`)
		}
		mustEqual(t, "alice's sessions", h.getParticipant(alice).Sessions, []string{})
		// A member's subscriptions update either way.
		expectStatus(t, h.addToSession(room, bob, ""), http.StatusNoContent)
		expectStatus(t, h.updateSubscriptions(room, bob, `{"sessionId":"`+room+`"}`), http.StatusNoContent)
		expectJSON(t, h.getSubscriptions(room, bob), `{"sessionId":"`+room+`"}`)
	}
}

func TestVariantSubscriptionsAddMembership(t *testing.T) {
	for _, variant := range []bool{false, true} {
		opts := Options{}
		if variant {
			opts.Variants = []Variant{VariantSubscriptionsAddMembership}
		}
		h := newHarness(t, opts)
		room, other, alice, bob := h.newSession("room"), h.newSession("other"), h.newParticipant(), h.newParticipant()
		expectStatus(t, h.updateSubscriptions(room, alice, `{"sessionId":"`+room+`"}`), http.StatusNoContent)
		expectJSON(t, h.getSubscriptions(room, alice), `{"sessionId":"`+room+`"}`)
		// Clearing is an update too: bob, in no session, is added by it under the variant.
		expectStatus(t, h.updateSubscriptions(room, bob, ""), http.StatusNoContent)
		if !variant {
			mustEqual(t, "alice's sessions", h.getParticipant(alice).Sessions, []string{})
			if got := h.listMembers(room); got != nil {
				t.Fatalf("default: room has members %v", got)
			}
			continue
		}
		mustEqual(t, "alice's sessions", h.getParticipant(alice).Sessions, []string{room})
		mustEqual(t, "room members", h.listMembers(room), []string{alice, bob})
		// In another session already: the 409 addParticipantToSession would answer.
		expectRequestError(t, h.updateSubscriptions(other, alice, `{"sessionId":"`+other+`"}`),
			http.StatusConflict, "already in session "+room)
	}
}

func TestVariantSessionSubscriptionExpanded(t *testing.T) {
	for _, variant := range []bool{false, true} {
		opts := Options{}
		if variant {
			opts.Variants = []Variant{VariantSessionSubscriptionExpanded}
		}
		h := newHarness(t, opts)
		room, alice, bob, carol := h.newSession("room"), h.newParticipant(), h.newParticipant(), h.newParticipant()
		whole := `{"sessionId":"` + room + `"}`
		expectStatus(t, h.addToSession(room, alice, whole), http.StatusNoContent)
		// Alone in the session, there is nobody to expand to.
		expectJSON(t, h.getSubscriptions(room, alice), whole)
		expectStatus(t, h.addToSession(room, bob, ""), http.StatusNoContent)
		expectStatus(t, h.addToSession(room, carol, `{"participants":[{"participantId":"`+bob+`"}]}`), http.StatusNoContent)
		want := whole
		if variant {
			want = `{"sessionId":"` + room + `","participants":[{"participantId":"` + bob + `"},{"participantId":"` + carol + `"}]}`
		}
		expectJSON(t, h.getSubscriptions(room, alice), want)
		mustEqual(t, "alice's subscriptions", h.getParticipant(alice).Subscriptions, decode[Subscriptions](t, []byte(want)))
		// An explicit list is read back as sent either way.
		expectJSON(t, h.getSubscriptions(room, carol), `{"sessionId":"`+room+`","participants":[{"participantId":"`+bob+`"}]}`)
		// What is stored is still the whole session.
		h.m.mu.Lock()
		stored := h.m.participants[alice].subscriptions[room].value
		h.m.mu.Unlock()
		if stored.SessionID != room || len(stored.Participants) != 0 {
			t.Fatalf("stored %+v, want the whole session", stored)
		}
	}
}

func TestVariantNoStreamAliasesEcho(t *testing.T) {
	for _, variant := range []bool{false, true} {
		opts := Options{}
		if variant {
			opts.Variants = []Variant{VariantNoStreamAliasesEcho}
		}
		h := newHarness(t, opts)
		room, alice, bob := h.newSession("room"), h.newParticipant(), h.newParticipant()
		expectStatus(t, h.addToSession(room, alice,
			`{"sessionId":"`+room+`","participants":[{"participantId":"`+bob+`","streamAliases":["camera","microphone"]}]}`), http.StatusNoContent)
		want := `{"sessionId":"` + room + `","participants":[{"participantId":"` + bob + `","streamAliases":["camera","microphone"]}]}`
		if variant {
			want = `{"sessionId":"` + room + `","participants":[{"participantId":"` + bob + `"}]}`
		}
		r := h.getSubscriptions(room, alice)
		expectJSON(t, r, want)
		mustEqual(t, "alice's subscriptions", h.getParticipant(alice).Subscriptions, decode[Subscriptions](t, r.body))
	}
}

func TestVariantReaddClearsSubscriptions(t *testing.T) {
	for _, variant := range []bool{false, true} {
		opts := Options{}
		if variant {
			opts.Variants = []Variant{VariantReaddClearsSubscriptions}
		}
		h := newHarness(t, opts)
		room, alice := h.newSession("room"), h.newParticipant()
		whole := `{"sessionId":"` + room + `"}`
		expectStatus(t, h.addToSession(room, alice, whole), http.StatusNoContent) // a first add keeps what it sends
		expectJSON(t, h.getSubscriptions(room, alice), whole)
		for _, body := range []string{"", "{}"} {
			expectStatus(t, h.updateSubscriptions(room, alice, whole), http.StatusNoContent)
			expectStatus(t, h.addToSession(room, alice, body), http.StatusNoContent)
			r := h.getSubscriptions(room, alice)
			if variant {
				expectStatus(t, r, http.StatusNoContent)
			} else {
				expectJSON(t, r, whole)
			}
		}
		// A re-add that subscribes replaces, either way.
		expectStatus(t, h.addToSession(room, alice, whole), http.StatusNoContent)
		expectJSON(t, h.getSubscriptions(room, alice), whole)
		mustEqual(t, "room members", h.listMembers(room), []string{alice})
	}
}

func TestVariantReaddConflict(t *testing.T) {
	for _, variant := range []bool{false, true} {
		opts := Options{}
		if variant {
			opts.Variants = []Variant{VariantReaddConflict}
		}
		h := newHarness(t, opts)
		room, alice := h.newSession("room"), h.newParticipant()
		whole := `{"sessionId":"` + room + `"}`
		expectStatus(t, h.addToSession(room, alice, whole), http.StatusNoContent)
		for _, body := range []string{"", whole} {
			r := h.addToSession(room, alice, body)
			if variant {
				expectRequestError(t, r, http.StatusConflict, "participant "+alice+" is already in session "+room)
			} else {
				expectStatus(t, r, http.StatusNoContent)
			}
		}
		mustEqual(t, "room members", h.listMembers(room), []string{alice})
		expectJSON(t, h.getSubscriptions(room, alice), whole)
	}
}

func TestVariantPublishPermissions(t *testing.T) {
	cases := []struct {
		variant   Variant
		want      string // publishPermissions in the answer; "" for absent
		wantValue []string
	}{
		{"", `["AUDIO","VIDEO"]`, []string{"AUDIO", "VIDEO"}},
		{VariantEmptyPermissions, `[]`, []string{}},
		{VariantAbsentPermissions, "", nil},
	}
	for _, tc := range cases {
		t.Run(string(tc.variant), func(t *testing.T) {
			opts := Options{}
			if tc.variant != "" {
				opts.Variants = []Variant{tc.variant}
			}
			h := newHarness(t, opts)
			r := h.api(http.MethodPost, "participants", `{"tag":"x"}`)
			expectStatus(t, r, http.StatusOK)
			created := decode[struct {
				Participant map[string]any `json:"participant"`
			}](t, r.body).Participant
			got := h.api(http.MethodGet, "participants/"+created["id"].(string), "")
			for what, fields := range map[string]map[string]any{"create": created, "get": decode[map[string]any](t, got.body)} {
				value, present := fields["publishPermissions"]
				if tc.want == "" {
					if present {
						t.Fatalf("%s: publishPermissions = %v, want the field absent", what, value)
					}
					continue
				}
				if string(mustMarshal(t, value)) != tc.want {
					t.Fatalf("%s: publishPermissions = %s, want %s", what, mustMarshal(t, value), tc.want)
				}
			}
			p, _ := h.m.Participant(created["id"].(string))
			mustEqual(t, "snapshot permissions", p.PublishPermissions, tc.wantValue)
			// Sent explicitly, permissions are echoed under every variant.
			explicit, _ := h.createParticipant(`{"publishPermissions":["AUDIO"]}`)
			mustEqual(t, "explicit permissions", explicit.PublishPermissions, []string{"AUDIO"})
			if r := h.api(http.MethodGet, "participants/"+explicit.ID, ""); !strings.Contains(string(r.body), `"publishPermissions":["AUDIO"]`) {
				t.Fatalf("explicit permissions not echoed: %s", r.body)
			}
		})
	}
}

func TestVariantGeneratedTag(t *testing.T) {
	for _, variant := range []bool{false, true} {
		opts := Options{}
		if variant {
			opts.Variants = []Variant{VariantGeneratedTag}
		}
		h := newHarness(t, opts)
		p, _ := h.createParticipant("")
		sid := h.newSession("")
		s := decode[SessionView](t, h.api(http.MethodGet, "sessions/"+sid, "").body)
		wantP, wantS := "", ""
		if variant {
			wantP, wantS = "participant-"+p.ID[:8], "session-"+sid[:8]
		}
		mustEqual(t, "participant tag on create", p.Tag, wantP)
		mustEqual(t, "participant tag on get", h.getParticipant(p.ID).Tag, wantP)
		mustEqual(t, "session tag on get", s.Tag, wantS)
		// A tag that is sent is kept either way.
		tagged, _ := h.createParticipant(`{"tag":"alice"}`)
		mustEqual(t, "sent tag", h.getParticipant(tagged.ID).Tag, "alice")
		mustEqual(t, "sent session tag", decode[SessionView](t, h.api(http.MethodGet, "sessions/"+h.newSession("room"), "").body).Tag, "room")
	}
}

func TestVariantExtraFields(t *testing.T) {
	for _, variant := range []bool{false, true} {
		opts := Options{}
		if variant {
			opts.Variants = []Variant{VariantExtraFields}
		}
		h := newHarness(t, opts)
		room, alice, bob := h.newSession("room"), h.newParticipant(), h.newParticipant()
		expectStatus(t, h.addToSession(room, alice, `{"participants":[{"participantId":"`+bob+`"}]}`), http.StatusNoContent)
		answers := map[string]reply{
			"participant":   h.api(http.MethodGet, "participants/"+alice, ""),
			"session":       h.api(http.MethodGet, "sessions/"+room, ""),
			"members":       h.api(http.MethodGet, "sessions/"+room+"/participants", ""),
			"subscriptions": h.getSubscriptions(room, alice),
			"not found":     h.api(http.MethodGet, "participants/"+otherUUID, ""),
		}
		for what, r := range answers {
			body := string(r.body)
			has := strings.Contains(body, `"extensions":{`) && strings.Contains(body, `"createdTime":"`)
			if has != variant {
				t.Fatalf("variant %v, %s: %s", variant, what, body)
			}
		}
		if variant {
			// Nested objects too: the subscription entry in the participant's subscriptions.
			p := decode[map[string]any](t, answers["participant"].body)
			entry := p["subscriptions"].(map[string]any)["participants"].([]any)[0].(map[string]any)
			if _, ok := entry["extensions"]; !ok {
				t.Fatalf("nested object has no extra fields: %v", entry)
			}
			s := decode[map[string]any](t, answers["session"].body)
			mustEqual(t, "participantIds", s["participantIds"], any([]any{alice}))
		}
		// The known fields still decode to the same values.
		mustEqual(t, "participant", decode[ParticipantView](t, answers["participant"].body).Subscriptions,
			Subscriptions{SessionID: room, Participants: []ParticipantSubscription{{ParticipantID: bob}}})
		mustEqual(t, "session", decode[SessionView](t, answers["session"].body), SessionView{ID: room, Tag: "room"})
		// The OAuth2 token endpoint is not the WebRTC API and keeps its shape.
		tok := h.send(http.MethodPost, TokenPath, "grant_type=client_credentials",
			withBasic("demo-client", "demo-secret"), withHeader("Content-Type", "application/x-www-form-urlencoded"))
		expectStatus(t, tok, http.StatusOK)
		if strings.Contains(string(tok.body), "extensions") {
			t.Fatalf("token answer has extra fields: %s", tok.body)
		}
	}
}

func TestParseVariants(t *testing.T) {
	got, err := ParseVariants(" readd-conflict, extra-fields ,")
	if err != nil {
		t.Fatal(err)
	}
	mustEqual(t, "parsed", got, []Variant{VariantReaddConflict, VariantExtraFields})
	if got, err := ParseVariants(""); err != nil || got != nil {
		t.Fatalf("empty list = %v, %v", got, err)
	}
	for list, want := range map[string]string{
		"readd-conflicts":                                            `unknown mock variant "readd-conflicts"; known variants: subscriptions-need-membership, `,
		"empty-permissions,absent-permissions":                       "empty-permissions and absent-permissions contradict each other",
		"subscriptions-add-membership,subscriptions-need-membership": "subscriptions-need-membership and subscriptions-add-membership contradict",
		"readd-conflict,readd-clears-subscriptions":                  "readd-clears-subscriptions and readd-conflict contradict",
	} {
		if _, err := ParseVariants(list); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseVariants(%q) error = %v, want %q", list, err, want)
		}
	}
	for _, v := range AllVariants() {
		if !strings.Contains(VariantHelp(), string(v)+": ") {
			t.Errorf("VariantHelp does not describe %s", v)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("New accepted an unknown variant")
		}
	}()
	New(Options{Variants: []Variant{"nonsense"}})
}

// Every variant together (one of each contradictory pair) still serves a whole lifecycle.
func TestVariantsCombine(t *testing.T) {
	h := newHarness(t, Options{Variants: []Variant{
		VariantSubscriptionsAddMembership, VariantSessionSubscriptionExpanded, VariantNoStreamAliasesEcho,
		VariantReaddConflict, VariantAbsentPermissions, VariantGeneratedTag, VariantExtraFields,
	}})
	room, alice, bob := h.newSession(""), h.newParticipant(), h.newParticipant()
	expectStatus(t, h.updateSubscriptions(room, alice, `{"sessionId":"`+room+`"}`), http.StatusNoContent)
	expectStatus(t, h.addToSession(room, bob, `{"participants":[{"participantId":"`+alice+`","streamAliases":["camera"]}]}`), http.StatusNoContent)
	mustEqual(t, "alice", decode[Subscriptions](t, h.getSubscriptions(room, alice).body),
		Subscriptions{SessionID: room, Participants: []ParticipantSubscription{{ParticipantID: bob}}})
	mustEqual(t, "bob", decode[Subscriptions](t, h.getSubscriptions(room, bob).body),
		Subscriptions{SessionID: room, Participants: []ParticipantSubscription{{ParticipantID: alice}}})
	expectStatus(t, h.addToSession(room, alice, ""), http.StatusConflict)
	mustEqual(t, "variants", h.m.Variants(), []Variant{
		VariantSubscriptionsAddMembership, VariantSessionSubscriptionExpanded, VariantNoStreamAliasesEcho,
		VariantReaddConflict, VariantAbsentPermissions, VariantGeneratedTag, VariantExtraFields,
	})
}
