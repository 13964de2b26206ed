package provider

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

// restapiStateFiles are the repository's copies of state written by the real restapi provider
// (testdata/restapi/README.md).
var restapiStateFiles = []string{"v2", "v3", "v3-sensitive"}

const restapiSourceAddress = "registry.terraform.io/mastercard/restapi"

// restapiInstance is one resource instance of a restapi state file.
type restapiInstance struct {
	attributes json.RawMessage
	attrs      map[string]any
}

func loadRestapiState(t *testing.T, version string) map[string]restapiInstance {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "restapi", version, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Resources []struct {
			Type      string `json:"type"`
			Name      string `json:"name"`
			Instances []struct {
				Attributes json.RawMessage `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &state); err != nil {
		t.Fatal(err)
	}
	out := map[string]restapiInstance{}
	for _, r := range state.Resources {
		if r.Type != restapiResourceType || len(r.Instances) != 1 {
			t.Fatalf("%s: unexpected resource %s.%s", version, r.Type, r.Name)
		}
		inst := restapiInstance{attributes: r.Instances[0].Attributes}
		if err := json.Unmarshal(inst.attributes, &inst.attrs); err != nil {
			t.Fatal(err)
		}
		out[r.Name] = inst
	}
	return out
}

func (i restapiInstance) str(name string) string {
	s, _ := i.attrs[name].(string)
	return s
}

// with returns the instance's attributes with some replaced (nil deletes the attribute).
func (i restapiInstance) with(t *testing.T, changes map[string]any) json.RawMessage {
	t.Helper()
	attrs := map[string]any{}
	for k, v := range i.attrs {
		attrs[k] = v
	}
	for k, v := range changes {
		if v == nil {
			delete(attrs, k)
		} else {
			attrs[k] = v
		}
	}
	raw, err := json.Marshal(attrs)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// createdToken is the token in a participant's create_response, for comparison only: tests
// never print it.
func createdToken(t *testing.T, i restapiInstance) string {
	t.Helper()
	var answer struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal([]byte(i.str("create_response")), &answer); err != nil || answer.Token == "" {
		t.Fatalf("no token in the create_response of the test data: %v", err)
	}
	return answer.Token
}

// moveResult is a MoveResourceState answer decoded with the target's schemas.
type moveResult struct {
	diags    []*tfprotov6.Diagnostic
	state    tfsdk.State
	identity map[string]tftypes.Value
	moved    bool
}

func (r moveResult) errors() []string {
	var out []string
	for _, d := range r.diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			out = append(out, d.Summary+": "+d.Detail)
		}
	}
	return out
}

func (r moveResult) warnings() []string {
	var out []string
	for _, d := range r.diags {
		if d.Severity == tfprotov6.DiagnosticSeverityWarning {
			out = append(out, d.Summary+": "+d.Detail)
		}
	}
	return out
}

var moveTargets = map[string]func() resource.Resource{
	"bandwidth_webrtc_participant":         func() resource.Resource { return &participantResource{now: time.Now} },
	"bandwidth_webrtc_session":             NewSessionResource,
	"bandwidth_webrtc_session_participant": NewSessionParticipantResource,
}

// moveRestapi calls MoveResourceState through the provider's protocol server, as Terraform does
// for a `moved` block.
func moveRestapi(t *testing.T, sourceAddress, sourceType string, attributes json.RawMessage, target string) moveResult {
	t.Helper()
	ctx := context.Background()
	server := providerserver.NewProtocol6(New("test")())()
	resp, err := server.MoveResourceState(ctx, &tfprotov6.MoveResourceStateRequest{
		SourceProviderAddress: sourceAddress,
		SourceTypeName:        sourceType,
		SourceSchemaVersion:   0,
		SourceState:           &tfprotov6.RawState{JSON: attributes},
		TargetTypeName:        target,
	})
	if err != nil {
		t.Fatal(err)
	}
	res := moveResult{diags: resp.Diagnostics}
	if resp.TargetState == nil {
		return res
	}
	r := moveTargets[target]()
	var schemaResp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	raw, err := resp.TargetState.Unmarshal(schemaResp.Schema.Type().TerraformType(ctx))
	if err != nil {
		t.Fatal(err)
	}
	res.state = tfsdk.State{Schema: schemaResp.Schema, Raw: raw}
	res.moved = !raw.IsNull()
	if resp.TargetIdentity != nil && resp.TargetIdentity.IdentityData != nil {
		var idResp resource.IdentitySchemaResponse
		r.(resource.ResourceWithIdentity).IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &idResp)
		idRaw, err := resp.TargetIdentity.IdentityData.Unmarshal(idResp.IdentitySchema.Type().TerraformType(ctx))
		if err != nil {
			t.Fatal(err)
		}
		if err := idRaw.As(&res.identity); err != nil {
			t.Fatal(err)
		}
	}
	return res
}

func identityString(t *testing.T, v tftypes.Value) string {
	t.Helper()
	var s string
	if err := v.As(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMoveState_participantFromRestapiStateFiles(t *testing.T) {
	for _, version := range restapiStateFiles {
		t.Run(version, func(t *testing.T) {
			alice := loadRestapiState(t, version)["alice"]
			res := moveRestapi(t, restapiSourceAddress, restapiResourceType, alice.attributes, "bandwidth_webrtc_participant")
			if errs := res.errors(); len(errs) > 0 || !res.moved {
				t.Fatalf("not moved: %v", errs)
			}
			if w := res.warnings(); len(w) > 0 {
				t.Errorf("warnings for a participant with its token: %v", w)
			}
			var m participantModel
			if d := res.state.Get(context.Background(), &m); d.HasError() {
				t.Fatal(d)
			}
			id := alice.str("id")
			if m.ID.ValueString() != id || m.Tag.ValueString() != "alice" || m.CallbackURL.ValueString() != "https://example.com/cb" ||
				m.DeviceAPIVersion.ValueString() != "V3" {
				t.Errorf("moved participant = id %s tag %s callback %s device %s", m.ID, m.Tag, m.CallbackURL, m.DeviceAPIVersion)
			}
			var perms []string
			m.PublishPermissions.ElementsAs(context.Background(), &perms, false)
			if strings.Join(perms, ",") != "AUDIO,VIDEO" && strings.Join(perms, ",") != "VIDEO,AUDIO" {
				t.Errorf("publish_permissions = %v", perms)
			}
			if m.Token.ValueString() != createdToken(t, alice) {
				t.Error("the moved token is not the one in create_response")
			}
			claims, err := webrtc.ParseTokenClaims(m.Token.ValueString())
			if err != nil || m.TokenExpiresAt.ValueString() != claims.ExpiresAt.UTC().Format(time.RFC3339) {
				t.Errorf("token_expires_at = %s, want the token's exp claim (%v)", m.TokenExpiresAt, err)
			}
			if m.TokenExpired.IsNull() {
				t.Error("token_expired is null though the expiry is known")
			}
			if !m.Subscriptions.IsNull() || !m.RenewBefore.IsNull() {
				t.Errorf("subscriptions %s, renew_before %s: want null (not configured)", m.Subscriptions, m.RenewBefore)
			}
			if m.Sessions.IsNull() {
				t.Error("sessions is null, want a list as Read sets it")
			}
			if got := identityString(t, res.identity["id"]); got != id {
				t.Errorf("identity id = %q, want %q", got, id)
			}
		})
	}
}

func TestMoveState_sessionFromRestapiStateFiles(t *testing.T) {
	for _, version := range restapiStateFiles {
		t.Run(version, func(t *testing.T) {
			room := loadRestapiState(t, version)["room"]
			res := moveRestapi(t, restapiSourceAddress, restapiResourceType, room.attributes, "bandwidth_webrtc_session")
			if errs := res.errors(); len(errs) > 0 || !res.moved {
				t.Fatalf("not moved: %v", errs)
			}
			var m sessionResourceModel
			if d := res.state.Get(context.Background(), &m); d.HasError() {
				t.Fatal(d)
			}
			if m.ID.ValueString() != room.str("id") || m.Tag.ValueString() != "room" {
				t.Errorf("moved session = %+v", m)
			}
			if got := identityString(t, res.identity["id"]); got != room.str("id") {
				t.Errorf("identity id = %q", got)
			}
		})
	}
}

func TestMoveState_membershipFromRestapiStateFiles(t *testing.T) {
	for _, version := range restapiStateFiles {
		t.Run(version, func(t *testing.T) {
			objects := loadRestapiState(t, version)
			member := objects["alice_in_room"]
			sessionID, participantID := objects["room"].str("id"), objects["alice"].str("id")
			res := moveRestapi(t, restapiSourceAddress, restapiResourceType, member.attributes, "bandwidth_webrtc_session_participant")
			if errs := res.errors(); len(errs) > 0 || !res.moved {
				t.Fatalf("not moved: %v", errs)
			}
			var m sessionParticipantModel
			if d := res.state.Get(context.Background(), &m); d.HasError() {
				t.Fatal(d)
			}
			if m.SessionID.ValueString() != sessionID || m.ParticipantID.ValueString() != participantID ||
				m.ID.ValueString() != sessionID+"/"+participantID || !m.Subscriptions.IsNull() {
				t.Errorf("moved membership = %+v", m)
			}
			if identityString(t, res.identity["session_id"]) != sessionID || identityString(t, res.identity["participant_id"]) != participantID {
				t.Errorf("identity = %v", res.identity)
			}
		})
	}
}

// TestMoveState_membershipSubscriptions: subscriptions written by the membership's data (the
// body of the PUT) come along.
func TestMoveState_membershipSubscriptions(t *testing.T) {
	objects := loadRestapiState(t, "v3")
	member := objects["alice_in_room"]
	sessionID, participantID := objects["room"].str("id"), objects["alice"].str("id")
	other := "320e2af6-13ec-498d-8b51-daba52c37853"
	data := `{"participantId":"` + participantID + `","sessionId":"` + sessionID + `","participants":[{"participantId":"` + other + `","streamAliases":["cam"]}]}`
	res := moveRestapi(t, restapiSourceAddress, restapiResourceType, member.with(t, map[string]any{"data": data}), "bandwidth_webrtc_session_participant")
	if errs := res.errors(); len(errs) > 0 || !res.moved {
		t.Fatalf("not moved: %v", errs)
	}
	var m sessionParticipantModel
	res.state.Get(context.Background(), &m)
	subs, _ := subscriptionsFromObject(context.Background(), m.Subscriptions)
	if subs == nil || subs.SessionID != sessionID || len(subs.Participants) != 1 || subs.Participants[0].ParticipantID != other ||
		strings.Join(subs.Participants[0].StreamAliases, ",") != "cam" {
		t.Errorf("subscriptions = %+v", subs)
	}
}

// TestMoveState_sourceAddresses: restapi_object is recognised by its type whatever the source
// provider address, including this provider's own, which OpenTofu 1.12 sends for the second and
// later instances of a resource moved as a whole; other resource types are not taken.
func TestMoveState_sourceAddresses(t *testing.T) {
	room := loadRestapiState(t, "v3")["room"]
	for _, addr := range []string{
		"registry.terraform.io/mastercard/restapi",
		"registry.opentofu.org/mastercard/restapi",
		"registry.terraform.io/hashicorp/restapi",
		"example.com/acme/restapi",
		"restapi",
		"registry.opentofu.org/hashicorp/bandwidth",
	} {
		if res := moveRestapi(t, addr, restapiResourceType, room.attributes, "bandwidth_webrtc_session"); !res.moved || len(res.errors()) > 0 {
			t.Errorf("%s: not moved: %v", addr, res.errors())
		}
	}
	for _, typ := range []string{"restapi_other", "http", "bandwidth_webrtc_participant"} {
		res := moveRestapi(t, restapiSourceAddress, typ, room.attributes, "bandwidth_webrtc_session")
		if res.moved || !strings.Contains(strings.Join(res.errors(), "\n"), "Unable to Move Resource State") {
			t.Errorf("%s: moved %v, errors %v; want the framework's no-mover error", typ, res.moved, res.errors())
		}
	}
}

// TestMoveState_participantWithoutToken: a participant restapi imported (no create answer) moves
// with a null token and the import's warning.
func TestMoveState_participantWithoutToken(t *testing.T) {
	alice := loadRestapiState(t, "v3")["alice"]
	res := moveRestapi(t, restapiSourceAddress, restapiResourceType, alice.with(t, map[string]any{"create_response": nil}), "bandwidth_webrtc_participant")
	if errs := res.errors(); len(errs) > 0 || !res.moved {
		t.Fatalf("not moved: %v", errs)
	}
	var m participantModel
	res.state.Get(context.Background(), &m)
	if !m.Token.IsNull() || !m.TokenExpiresAt.IsNull() || !m.TokenExpired.IsNull() {
		t.Error("token fields not null for a participant without a create answer")
	}
	if m.Tag.ValueString() != "alice" || m.ID.ValueString() != alice.str("id") {
		t.Errorf("moved participant = %s %s", m.ID, m.Tag)
	}
	if w := res.warnings(); len(w) != 1 || !strings.HasPrefix(w[0], "Participant token cannot be imported:") {
		t.Errorf("warnings = %v, want the import's token warning", w)
	}
}

// TestMoveState_refusals: objects that are not the target's kind, or not Bandwidth WebRTC objects
// at all, are refused with a diagnostic saying why and what to do.
func TestMoveState_refusals(t *testing.T) {
	objects := loadRestapiState(t, "v3")
	alice, room, member := objects["alice"], objects["room"], objects["alice_in_room"]
	for _, tc := range []struct {
		name, target string
		attributes   json.RawMessage
		want         []string
	}{
		{"session to participant", "bandwidth_webrtc_participant", room.attributes,
			[]string{"manages a Bandwidth WebRTC session", "bandwidth_webrtc_session resource instead"}},
		{"participant to session", "bandwidth_webrtc_session", alice.attributes,
			[]string{"manages a Bandwidth WebRTC participant", "bandwidth_webrtc_participant resource instead"}},
		{"membership to participant", "bandwidth_webrtc_participant", member.attributes,
			[]string{"manages a Bandwidth WebRTC membership", "bandwidth_webrtc_session_participant"}},
		{"participant to membership", "bandwidth_webrtc_session_participant", alice.attributes,
			[]string{"manages a Bandwidth WebRTC participant"}},
		{"another path", "bandwidth_webrtc_participant",
			alice.with(t, map[string]any{"path": "/api/users", "data": `{"name":"bob"}`}),
			[]string{"not a Bandwidth WebRTC object", `"/api/users"`, "Remove the moved block", "import block"}},
		{"another API's participants, id not a UUID", "bandwidth_webrtc_participant",
			alice.with(t, map[string]any{"id": "42"}),
			[]string{`id is "42"`, "UUIDs", "Remove the moved block"}},
		{"another API's participants, other fields", "bandwidth_webrtc_participant",
			alice.with(t, map[string]any{"data": `{"name":"bob","email":"bob@example.com"}`}),
			[]string{"fields a Bandwidth WebRTC participant does not have (email, name)", "Remove the moved block"}},
		{"another API's sessions", "bandwidth_webrtc_session",
			room.with(t, map[string]any{"data": `{"title":"standup"}`}),
			[]string{"(title)"}},
		{"participant answer for another id", "bandwidth_webrtc_participant",
			alice.with(t, map[string]any{"id": "320e2af6-13ec-498d-8b51-daba52c37853"}),
			[]string{"does not hold a Bandwidth WebRTC participant", "320e2af6-13ec-498d-8b51-daba52c37853"}},
		{"membership data for another session", "bandwidth_webrtc_session_participant",
			member.with(t, map[string]any{"data": `{"sessionId":"320e2af6-13ec-498d-8b51-daba52c37853"}`}),
			[]string{"does not hold a Bandwidth WebRTC membership", "data names session 320e2af6"}},
		{"create_response not JSON", "bandwidth_webrtc_participant",
			alice.with(t, map[string]any{"create_response": "<html>"}),
			[]string{"create_response does not hold JSON"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := moveRestapi(t, restapiSourceAddress, restapiResourceType, tc.attributes, tc.target)
			errs := strings.Join(res.errors(), "\n")
			if res.moved || errs == "" {
				t.Fatalf("moved %v, errors %q: want a refusal", res.moved, errs)
			}
			if !strings.HasPrefix(errs, "Cannot move this restapi_object to "+tc.target) {
				t.Errorf("summary of %q", errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs, w) {
					t.Errorf("refusal %q lacks %q", errs, w)
				}
			}
			if strings.Contains(errs, "eyJ") {
				t.Error("a refusal quotes a token")
			}
		})
	}
}

// TestMoveState_pathForms: the account path may be in restapi's uri or in path.
func TestMoveState_pathForms(t *testing.T) {
	for _, tc := range []struct {
		path string
		want restapiKind
	}{
		{"/participants", restapiParticipant},
		{"/participants/", restapiParticipant},
		{"participants", restapiParticipant},
		{"/accounts/9900000/participants", restapiParticipant},
		{"/v1/accounts/9900000/sessions", restapiSession},
		{"/sessions?x=1", restapiSession},
		{"/sessions/8b830f29-a1d6-4bf2-a857-60591e2a594e/participants", restapiMembership},
		{"/accounts/9900000/sessions/8B830F29-A1D6-4BF2-A857-60591E2A594E/participants", restapiMembership},
		{"/sessions/not-a-uuid/participants", restapiNotWebRTC},
		{"/participants/8b830f29-a1d6-4bf2-a857-60591e2a594e/sessions", restapiNotWebRTC},
		{"/users", restapiNotWebRTC},
		{"", restapiNotWebRTC},
	} {
		if got, _ := (restapiObjectState{Path: tc.path}).kind(); got != tc.want {
			t.Errorf("kind(%q) = %s, want %s", tc.path, got, tc.want)
		}
	}
}

// TestMoveState_untaggedSession: a session whose data set no tag keeps a null tag even when the
// server answered one, as Read keeps it, so a configuration without a tag plans nothing.
func TestMoveState_untaggedSession(t *testing.T) {
	room := loadRestapiState(t, "v3")["room"]
	id := room.str("id")
	answer := `{"id":"` + id + `","tag":"assigned-by-server"}`
	res := moveRestapi(t, restapiSourceAddress, restapiResourceType,
		room.with(t, map[string]any{"data": "{}", "api_response": answer, "create_response": answer}), "bandwidth_webrtc_session")
	if errs := res.errors(); len(errs) > 0 || !res.moved {
		t.Fatalf("not moved: %v", errs)
	}
	var m sessionResourceModel
	res.state.Get(context.Background(), &m)
	if !m.Tag.IsNull() || m.ID.ValueString() != id {
		t.Errorf("moved session = id %s tag %s, want tag null", m.ID, m.Tag)
	}
}

// TestMoveState_importedByRestapi: restapi's import leaves no create_response, puts the id in
// object_id and copies the read answer into data (so does every refresh without the ignore_*
// flags). The participant moves with a null token and the import's warning, and subscriptions
// read from the server are not taken as configured.
func TestMoveState_importedByRestapi(t *testing.T) {
	alice := loadRestapiState(t, "v3")["alice"]
	id := alice.str("id")
	read := `{"id":"` + id + `","callbackUrl":"https://example.com/cb","publishPermissions":["AUDIO","VIDEO"],` +
		`"sessions":["8b830f29-a1d6-4bf2-a857-60591e2a594e"],"subscriptions":{"sessionId":"8b830f29-a1d6-4bf2-a857-60591e2a594e"},` +
		`"tag":"alice","deviceApiVersion":"V3"}`
	attrs := alice.with(t, map[string]any{"create_response": nil, "api_response": read, "data": read, "object_id": id,
		"ignore_server_additions": nil, "force_new": nil, "debug": true})
	res := moveRestapi(t, restapiSourceAddress, restapiResourceType, attrs, "bandwidth_webrtc_participant")
	if errs := res.errors(); len(errs) > 0 || !res.moved {
		t.Fatalf("not moved: %v", errs)
	}
	var m participantModel
	res.state.Get(context.Background(), &m)
	if m.ID.ValueString() != id || m.Tag.ValueString() != "alice" || !m.Token.IsNull() || !m.Subscriptions.IsNull() {
		t.Errorf("moved participant = id %s tag %s token null %v subscriptions %s", m.ID, m.Tag, m.Token.IsNull(), m.Subscriptions)
	}
	if w := res.warnings(); len(w) != 1 {
		t.Errorf("warnings = %v, want the token warning", w)
	}

	room := loadRestapiState(t, "v3")["room"]
	res = moveRestapi(t, restapiSourceAddress, restapiResourceType,
		room.with(t, map[string]any{"create_response": nil, "data": room.str("api_response")}), "bandwidth_webrtc_session")
	if errs := res.errors(); len(errs) > 0 || !res.moved {
		t.Fatalf("session imported by restapi not moved: %v", errs)
	}
}

// TestMoveState_participantSubscriptionsFromData: subscriptions a participant's data configured
// come along.
func TestMoveState_participantSubscriptionsFromData(t *testing.T) {
	alice := loadRestapiState(t, "v3")["alice"]
	session := "8b830f29-a1d6-4bf2-a857-60591e2a594e"
	data := `{"tag":"alice","publishPermissions":["AUDIO","VIDEO"],"callbackUrl":"https://example.com/cb","subscriptions":{"sessionId":"` + session + `"}}`
	res := moveRestapi(t, restapiSourceAddress, restapiResourceType, alice.with(t, map[string]any{"data": data}), "bandwidth_webrtc_participant")
	if errs := res.errors(); len(errs) > 0 || !res.moved {
		t.Fatalf("not moved: %v", errs)
	}
	var m participantModel
	res.state.Get(context.Background(), &m)
	if got := subscriptionsSessionID(m.Subscriptions); got != session {
		t.Errorf("subscriptions session = %q, want %q", got, session)
	}
}

// TestMoveState_sourceSchema: the framework decodes the source with the attributes the move
// declares and skips the others, whatever their type (read_search is a map in restapi v2 and an
// object in v3); a state holding another type in a declared attribute is refused as unreadable.
func TestMoveState_sourceSchema(t *testing.T) {
	room := loadRestapiState(t, "v3")["room"]
	for name, readSearch := range map[string]any{
		"v2 read_search": map[string]any{"search_key": "tag", "search_value": "room"},
		"v3 read_search": map[string]any{"search_key": "tag", "search_value": "room", "results_key": nil},
		"unknown":        []any{1, true, "x"},
	} {
		attrs := room.with(t, map[string]any{"read_search": readSearch, "added_in_a_later_restapi": map[string]any{"a": []any{1}}})
		if res := moveRestapi(t, restapiSourceAddress, restapiResourceType, attrs, "bandwidth_webrtc_session"); !res.moved || len(res.errors()) > 0 {
			t.Errorf("%s: not moved: %v", name, res.errors())
		}
	}
	res := moveRestapi(t, restapiSourceAddress, restapiResourceType, room.with(t, map[string]any{"data": map[string]any{"tag": "room"}}), "bandwidth_webrtc_session")
	errs := strings.Join(res.errors(), "\n")
	if res.moved || !strings.Contains(errs, "state cannot be read") || !strings.Contains(errs, "as strings") {
		t.Errorf("data as an object: moved %v, errors %q; want the unreadable-state refusal", res.moved, errs)
	}
}
