package provider

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

type callKey struct{}

func TestServeCallContextDuringAndAfterTheCall(t *testing.T) {
	deadline := time.Now().Add(time.Hour)
	parent, cancel := context.WithDeadline(context.WithValue(context.Background(), callKey{}, "value"), deadline)
	defer cancel()

	var kept context.Context
	var child context.Context
	_, err := serveCall(parent, "request", func(ctx context.Context, req string) (string, error) {
		if got := ctx.Value(callKey{}); got != "value" {
			t.Errorf("Value during the call = %v, want the caller's value", got)
		}
		if got, ok := ctx.Deadline(); !ok || !got.Equal(deadline) {
			t.Errorf("Deadline during the call = %v %v, want %v", got, ok, deadline)
		}
		var stop context.CancelFunc
		child, stop = context.WithCancel(ctx) // what the framework keeps past the call
		_ = stop
		kept = ctx
		cancel() // the caller goes away during the call
		select {
		case <-child.Done():
		case <-time.After(5 * time.Second):
			t.Fatal("cancelling the caller's context did not reach a context derived during the call")
		}
		if ctx.Err() == nil {
			t.Error("Err during the call is nil after the caller cancelled")
		}
		return "response", nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := kept.Value(callKey{}); got != nil {
		t.Errorf("Value after the call = %v, want nil: the call's context must let go of the caller's", got)
	}
	if _, ok := kept.Deadline(); ok {
		t.Error("Deadline after the call still set")
	}
	if child.Err() == nil {
		t.Error("the derived context lost its cancellation")
	}
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
