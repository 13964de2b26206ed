package provider

import (
	"context"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// The per-resource work of the provider process, for `make bench` and for profiling
// (go test -run '^$' -bench Protocol -cpuprofile cpu.out ./internal/provider).

const benchParticipantType = "bandwidth_webrtc_participant"

func benchAPIParticipant() *webrtc.Participant {
	callback := "https://example.com/callbacks/participant"
	return &webrtc.Participant{
		ID:                 "0275e47f-dd21-4cf0-a1e1-dfdc719e73a7",
		CallbackURL:        &callback,
		PublishPermissions: []webrtc.PublishPermission{webrtc.PublishAudio, webrtc.PublishVideo},
		Sessions:           []string{testSessionID},
		Tag:                "bench-participant",
		DeviceAPIVersion:   webrtc.DeviceAPIVersionV3,
	}
}

func benchSubscriptions() *webrtc.Subscriptions {
	return &webrtc.Subscriptions{SessionID: testSessionID, Participants: []webrtc.ParticipantSubscription{
		{ParticipantID: testPeerA, StreamAliases: []string{"mic", "cam"}},
		{ParticipantID: testPeerB},
	}}
}

func benchToken(b *testing.B) string {
	b.Helper()
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"a": "9900000", "p": testPeerB, "v": "v3", "tid": testPeerA, "iss": "bench",
		"iat": time.Now().Unix(), "exp": time.Now().Add(9 * time.Hour).Unix(),
	}).SignedString([]byte("bench-secret"))
	if err != nil {
		b.Fatal(err)
	}
	return token
}

// benchParticipantModel is a fully populated state model, as after a create.
func benchParticipantModel(b *testing.B) participantModel {
	b.Helper()
	var m participantModel
	m.setFromAPI(benchAPIParticipant())
	m.setToken(benchToken(b), time.Now())
	subs, diags := subscriptionsToObject(benchSubscriptions(), testSessionID, types.ObjectNull(subscriptionsAttrTypes))
	if diags.HasError() {
		b.Fatal(diags)
	}
	m.Subscriptions = subs
	m.RenewBefore = types.StringNull()
	m.Timeouts = nullTimeouts
	return m
}

func BenchmarkParticipantSetFromAPI(b *testing.B) {
	p := benchAPIParticipant()
	b.ReportAllocs()
	for b.Loop() {
		var m participantModel
		m.setFromAPI(p)
	}
}

func BenchmarkParticipantSetToken(b *testing.B) {
	token := benchToken(b)
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		var m participantModel
		m.setToken(token, now)
	}
}

func BenchmarkParticipantCreateRequest(b *testing.B) {
	ctx := context.Background()
	m := benchParticipantModel(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := m.createRequest(ctx); diags.HasError() {
			b.Fatal(diags)
		}
	}
}

func BenchmarkSubscriptionsToObject(b *testing.B) {
	subs := benchSubscriptions()
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := subscriptionsToObject(subs, testSessionID, types.ObjectNull(subscriptionsAttrTypes)); diags.HasError() {
			b.Fatal(diags)
		}
	}
}

// BenchmarkSubscriptionsRefresh is what a refresh of a subscribed participant does with its
// subscriptions besides the request: read the prior value, then convert the answer against it.
func BenchmarkSubscriptionsRefresh(b *testing.B) {
	subs := benchSubscriptions()
	prior, diags := subscriptionsToObject(subs, testSessionID, types.ObjectNull(subscriptionsAttrTypes))
	if diags.HasError() {
		b.Fatal(diags)
	}
	b.ReportAllocs()
	for b.Loop() {
		if subscriptionsSessionID(prior) != testSessionID || wholeSession(prior) {
			b.Fatal("prior misread")
		}
		if _, diags := subscriptionsToObject(subs, testSessionID, prior); diags.HasError() {
			b.Fatal(diags)
		}
	}
}

func BenchmarkSubscriptionsFromObject(b *testing.B) {
	ctx := context.Background()
	obj, diags := subscriptionsToObject(benchSubscriptions(), testSessionID, types.ObjectNull(subscriptionsAttrTypes))
	if diags.HasError() {
		b.Fatal(diags)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := subscriptionsFromObject(ctx, obj); diags.HasError() {
			b.Fatal(diags)
		}
	}
}

func benchParticipantSchema(b testing.TB) tfsdk.State {
	b.Helper()
	var resp resource.SchemaResponse
	(&participantResource{}).Schema(context.Background(), resource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		b.Fatal(resp.Diagnostics)
	}
	typ := resp.Schema.Type().TerraformType(context.Background())
	return tfsdk.State{Schema: resp.Schema, Raw: tftypes.NewValue(typ, nil)}
}

// BenchmarkParticipantStateSet is the framework's reflection from the model into a state value,
// done at the end of every Create and Read.
func BenchmarkParticipantStateSet(b *testing.B) {
	ctx := context.Background()
	state := benchParticipantSchema(b)
	m := benchParticipantModel(b)
	b.ReportAllocs()
	for b.Loop() {
		s := state
		if diags := s.Set(ctx, &m); diags.HasError() {
			b.Fatal(diags)
		}
	}
}

// BenchmarkParticipantStateGet is the reverse, done at the start of every Create, Read and Delete.
func BenchmarkParticipantStateGet(b *testing.B) {
	ctx := context.Background()
	state := benchParticipantSchema(b)
	m := benchParticipantModel(b)
	if diags := state.Set(ctx, &m); diags.HasError() {
		b.Fatal(diags)
	}
	b.ReportAllocs()
	for b.Loop() {
		var got participantModel
		if diags := state.Get(ctx, &got); diags.HasError() {
			b.Fatal(diags)
		}
	}
}

// benchProtocol is the provider behind its protocol 6 interface, configured for a mock on
// loopback: what Terraform drives over gRPC, minus gRPC.
type benchProtocol struct {
	server       tfprotov6.ProviderServer
	typ          tftypes.Type
	config       *tfprotov6.DynamicValue
	null         *tfprotov6.DynamicValue
	participants func() int
}

func newBenchProtocol(b *testing.B) *benchProtocol {
	b.Helper()
	ctx := context.Background()
	mock := webrtcmock.New(webrtcmock.Options{})
	srv, err := mock.Start("127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })

	server := providerserver.NewProtocol6(New("bench")())()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || hasProtocolError(schemas.Diagnostics) {
		b.Fatal(err, schemas.Diagnostics)
	}
	providerConfig := benchDynamicValue(b, schemas.Provider.ValueType(), map[string]tftypes.Value{
		"account_id":      tftypes.NewValue(tftypes.String, "9900000"),
		"base_url":        tftypes.NewValue(tftypes.String, srv.BaseURL()),
		"oauth_token_url": tftypes.NewValue(tftypes.String, srv.TokenURL()),
		"client_id":       tftypes.NewValue(tftypes.String, "demo-client"),
		"client_secret":   tftypes.NewValue(tftypes.String, "demo-secret"),
	})
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: providerConfig})
	if err != nil || hasProtocolError(configured.Diagnostics) {
		b.Fatal(err, configured.Diagnostics)
	}
	typ := schemas.ResourceSchemas[benchParticipantType].ValueType()
	return &benchProtocol{
		server: server,
		typ:    typ,
		config: benchDynamicValue(b, typ, map[string]tftypes.Value{
			"tag": tftypes.NewValue(tftypes.String, "bench"),
			"publish_permissions": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{
				tftypes.NewValue(tftypes.String, "AUDIO"), tftypes.NewValue(tftypes.String, "VIDEO"),
			}),
		}),
		null:         benchDynamicValue(b, typ, nil),
		participants: func() int { return mock.Stats().LiveParticipants },
	}
}

// benchDynamicValue encodes an object of typ with the given attributes and every other one null;
// nil attributes give a null object.
func benchDynamicValue(b testing.TB, typ tftypes.Type, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
	b.Helper()
	value := tftypes.NewValue(typ, nil)
	if attrs != nil {
		obj := typ.(tftypes.Object)
		all := make(map[string]tftypes.Value, len(obj.AttributeTypes))
		for name, t := range obj.AttributeTypes {
			if v, ok := attrs[name]; ok {
				all[name] = v
			} else {
				all[name] = tftypes.NewValue(t, nil)
			}
		}
		value = tftypes.NewValue(typ, all)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, value)
	if err != nil {
		b.Fatal(err)
	}
	return &dv
}

func hasProtocolError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

// create plans and applies one participant, as terraform apply does for each, and returns its state.
func (p *benchProtocol) create(b *testing.B, ctx context.Context) *tfprotov6.DynamicValue {
	planned, err := p.server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: benchParticipantType, PriorState: p.null, ProposedNewState: p.config, Config: p.config,
	})
	if err != nil || hasProtocolError(planned.Diagnostics) {
		b.Fatal(err, planned.Diagnostics)
	}
	applied, err := p.server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: benchParticipantType, PriorState: p.null, PlannedState: planned.PlannedState, Config: p.config,
	})
	if err != nil || hasProtocolError(applied.Diagnostics) {
		b.Fatal(err, applied.Diagnostics)
	}
	return applied.NewState
}

// validate checks the configuration, as Terraform does before it plans each participant.
func (p *benchProtocol) validate(b *testing.B, ctx context.Context) {
	validated, err := p.server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: benchParticipantType, Config: p.config})
	if err != nil || hasProtocolError(validated.Diagnostics) {
		b.Fatal(err, validated.Diagnostics)
	}
}

func (p *benchProtocol) read(b *testing.B, ctx context.Context, state *tfprotov6.DynamicValue) *tfprotov6.DynamicValue {
	read, err := p.server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: benchParticipantType, CurrentState: state})
	if err != nil || hasProtocolError(read.Diagnostics) {
		b.Fatal(err, read.Diagnostics)
	}
	return read.NewState
}

func (p *benchProtocol) destroy(b *testing.B, ctx context.Context, state *tfprotov6.DynamicValue) {
	planned, err := p.server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: benchParticipantType, PriorState: state, ProposedNewState: p.null, Config: p.null,
	})
	if err != nil || hasProtocolError(planned.Diagnostics) {
		b.Fatal(err, planned.Diagnostics)
	}
	applied, err := p.server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: benchParticipantType, PriorState: state, PlannedState: planned.PlannedState, Config: p.null,
	})
	if err != nil || hasProtocolError(applied.Diagnostics) {
		b.Fatal(err, applied.Diagnostics)
	}
}

// BenchmarkProtocolParticipantLifecycle is one participant's whole life through the provider
// server: plan and apply the create (one POST), a refresh (one GET), plan and apply the destroy
// (one DELETE), against the mock on loopback.
func BenchmarkProtocolParticipantLifecycle(b *testing.B) {
	ctx := context.Background()
	p := newBenchProtocol(b)
	b.ReportAllocs()
	for b.Loop() {
		state := p.create(b, ctx)
		state = p.read(b, ctx, state)
		p.destroy(b, ctx, state)
	}
	if n := p.participants(); n != 0 {
		b.Fatalf("%d participants left behind", n)
	}
}

// BenchmarkProtocolParticipantPlan is what terraform plan asks of the provider for each existing
// participant (but the state upgrade): validate the configuration, refresh (one GET), plan no change.
func BenchmarkProtocolParticipantPlan(b *testing.B) {
	ctx := context.Background()
	p := newBenchProtocol(b)
	state := p.create(b, ctx)
	b.ReportAllocs()
	for b.Loop() {
		p.validate(b, ctx)
		read := p.read(b, ctx, state)
		planned, err := p.server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: benchParticipantType, PriorState: read, ProposedNewState: read, Config: p.config,
		})
		if err != nil || hasProtocolError(planned.Diagnostics) {
			b.Fatal(err, planned.Diagnostics)
		}
	}
	p.destroy(b, ctx, state)
}

// BenchmarkProtocolParticipantDestroy is the plan and apply of one participant's destroy (one DELETE).
func BenchmarkProtocolParticipantDestroy(b *testing.B) {
	ctx := context.Background()
	p := newBenchProtocol(b)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		state := p.create(b, ctx)
		b.StartTimer()
		p.destroy(b, ctx, state)
	}
	if n := p.participants(); n != 0 {
		b.Fatalf("%d participants left behind", n)
	}
}

// BenchmarkProtocolParticipantCreate is what terraform apply asks of the provider for each new
// participant: validate the configuration, plan and apply the create (one POST).
func BenchmarkProtocolParticipantCreate(b *testing.B) {
	ctx := context.Background()
	p := newBenchProtocol(b)
	b.ReportAllocs()
	for b.Loop() {
		p.validate(b, ctx)
		state := p.create(b, ctx)
		b.StopTimer()
		p.destroy(b, ctx, state)
		b.StartTimer()
	}
	if n := p.participants(); n != 0 {
		b.Fatalf("%d participants left behind", n)
	}
}
