package provider

import (
	"context"
	"runtime"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/pluginserver"
)

type callKey struct{}

// NewProtocol6Server serves the provider as main.go does, through pluginserver, for the
// acceptance tests' ProtoV6ProviderFactories.
func NewProtocol6Server(version string, opts ...Option) func() tfprotov6.ProviderServer {
	return pluginserver.NewProtocol6(New(version, opts...))
}

// TestProtocol6ServerDoesNotKeepCallContexts guards against the framework's per-call retention:
// each call's context carries 64 KiB here, so keeping them would hold 12.5 MiB.
func TestProtocol6ServerDoesNotKeepCallContexts(t *testing.T) {
	server := NewProtocol6Server("test")()
	ctx := context.Background()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || hasProtocolError(schemas.Diagnostics) {
		t.Fatal(err, schemas.Diagnostics)
	}
	typ := schemas.ResourceSchemas[benchParticipantType].ValueType()
	config := benchDynamicValue(t, typ, map[string]tftypes.Value{"tag": tftypes.NewValue(tftypes.String, "kept")})
	validate := func() {
		callCtx, cancel := context.WithCancel(context.WithValue(ctx, callKey{}, make([]byte, 64<<10)))
		defer cancel() // as gRPC does when a call ends
		resp, err := server.ValidateResourceConfig(callCtx, &tfprotov6.ValidateResourceConfigRequest{TypeName: benchParticipantType, Config: config})
		if err != nil || hasProtocolError(resp.Diagnostics) {
			t.Fatal(err, resp.Diagnostics)
		}
	}
	validate()
	before := heapAfterGC()
	for range 200 {
		validate()
	}
	grown := heapAfterGC() - before
	runtime.KeepAlive(server) // what it holds is what is measured
	if grown > 4<<20 {
		t.Errorf("heap grew by %.1f MiB over 200 calls: the server keeps call contexts", float64(grown)/(1<<20))
	}
}

func heapAfterGC() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}
