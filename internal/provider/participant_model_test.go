package provider

import (
	"context"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

const (
	testSessionID = "d8886aad-b956-4e1b-b2f4-d7c9f8162772"
	testPeerA     = "568749d5-04d5-483d-adf5-deac7dd3d521"
	testPeerB     = "0275e47f-dd21-4cf0-a1e1-dfdc719e73a7"
)

func TestParticipantCreateRequest(t *testing.T) {
	ctx := context.Background()
	subs := &webrtc.Subscriptions{SessionID: testSessionID, Participants: []webrtc.ParticipantSubscription{
		{ParticipantID: testPeerB, StreamAliases: []string{"mic", "cam"}},
		{ParticipantID: testPeerA},
	}}
	obj, diags := subscriptionsToObject(subs, testSessionID, types.ObjectNull(subscriptionsAttrTypes))
	if diags.HasError() {
		t.Fatal(diags)
	}
	m := participantModel{participantDataModel: participantDataModel{
		CallbackURL:        types.StringValue("https://example.com/cb"),
		PublishPermissions: types.SetValueMust(types.StringType, []attr.Value{types.StringValue("VIDEO"), types.StringValue("AUDIO")}),
		Subscriptions:      obj,
		Tag:                types.StringValue("alice"),
		DeviceAPIVersion:   types.StringUnknown(),
	}}
	req, diags := m.createRequest(ctx)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if req.CallbackURL == nil || *req.CallbackURL != "https://example.com/cb" || req.Tag != "alice" || req.DeviceAPIVersion != "" {
		t.Errorf("scalar fields wrong: %+v", req)
	}
	if len(req.PublishPermissions) != 2 || req.PublishPermissions[0] != webrtc.PublishAudio || req.PublishPermissions[1] != webrtc.PublishVideo {
		t.Errorf("publish permissions = %v, want [AUDIO VIDEO]", req.PublishPermissions)
	}
	if !subs.Same(req.Subscriptions) {
		t.Errorf("subscriptions did not survive the round trip: %+v", req.Subscriptions)
	}

	empty, diags := participantModel{participantDataModel: participantDataModel{
		CallbackURL: types.StringNull(), PublishPermissions: types.SetUnknown(types.StringType),
		Subscriptions: types.ObjectNull(subscriptionsAttrTypes), Tag: types.StringUnknown(),
	}}.createRequest(ctx)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if empty.CallbackURL != nil || empty.PublishPermissions != nil || empty.Subscriptions != nil || empty.Tag != "" {
		t.Errorf("omitted arguments were sent: %+v", empty)
	}
}

func TestParticipantSetFromAPI(t *testing.T) {
	cb := "https://example.com/cb"
	var m participantModel
	m.setFromAPI(&webrtc.Participant{
		ID: testPeerA, CallbackURL: &cb, PublishPermissions: []webrtc.PublishPermission{"VIDEO"},
		Sessions: []string{testSessionID}, Tag: "alice", DeviceAPIVersion: "V3",
	})
	if m.ID.ValueString() != testPeerA || m.CallbackURL.ValueString() != cb || m.Tag.ValueString() != "alice" || m.DeviceAPIVersion.ValueString() != "V3" {
		t.Errorf("fields not copied: %+v", m)
	}
	if len(m.Sessions.Elements()) != 1 || len(m.PublishPermissions.Elements()) != 1 {
		t.Errorf("collections not copied: %v %v", m.Sessions, m.PublishPermissions)
	}

	m.setFromAPI(&webrtc.Participant{ID: testPeerA})
	if !m.CallbackURL.IsNull() || !m.Tag.IsNull() || !m.PublishPermissions.IsNull() || m.Sessions.IsNull() || len(m.Sessions.Elements()) != 0 {
		t.Errorf("empty API values should be null (sessions an empty list): %+v", m)
	}
}

func TestSubscriptionsToObjectEmptyIsNull(t *testing.T) {
	for _, subs := range []*webrtc.Subscriptions{nil, {}} {
		obj, diags := subscriptionsToObject(subs, testSessionID, types.ObjectNull(subscriptionsAttrTypes))
		if diags.HasError() || !obj.IsNull() {
			t.Errorf("subscriptionsToObject(%+v) = %v, want null", subs, obj)
		}
	}
	obj, _ := subscriptionsToObject(&webrtc.Subscriptions{SessionID: testSessionID}, "", types.ObjectNull(subscriptionsAttrTypes))
	if got := subscriptionsSessionID(obj); got != testSessionID {
		t.Errorf("whole-session subscriptions lost their session: %q", got)
	}
	if !obj.Attributes()["participants"].IsNull() {
		t.Errorf("whole-session subscriptions should have null participants")
	}
}

func TestTokenExpiry(t *testing.T) {
	exp := time.Date(2026, 11, 22, 18, 30, 0, 0, time.UTC)
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"p": testPeerA, "exp": exp.Unix()}).SignedString([]byte("k"))
	if err != nil {
		t.Fatal(err)
	}
	if got := tokenExpiry(signed); got.ValueString() != "2026-11-22T18:30:00Z" {
		t.Errorf("tokenExpiry = %v, want 2026-11-22T18:30:00Z", got)
	}
	noExp, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"p": testPeerA}).SignedString([]byte("k"))
	if got := tokenExpiry(noExp); !got.IsNull() {
		t.Errorf("token without exp should have a null expiry, got %v", got)
	}
	if got := tokenExpiry("not-a-jwt"); !got.IsNull() {
		t.Errorf("garbage token should have a null expiry, got %v", got)
	}
}
