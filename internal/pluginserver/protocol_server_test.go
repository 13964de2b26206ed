package pluginserver

import (
	"context"
	"reflect"
	"runtime"
	"testing"
	"time"
	"weak"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
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

// testProvider is the least provider the framework serves.
type testProvider struct{}

func (testProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "test"
}
func (testProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (testProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (testProvider) Resources(context.Context) []func() resource.Resource       { return nil }
func (testProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

var _ provider.Provider = testProvider{}

func newTestProvider() provider.Provider { return testProvider{} }

var (
	contextType  = reflect.TypeFor[context.Context]()
	tfprotov6Pkg = reflect.TypeFor[tfprotov6.ProviderServer]().PkgPath()
)

// protocolMethods are the methods of the framework's protocol server that serve a protocol call:
// (context.Context, *tfprotov6.SomeRequest) -> (*tfprotov6.SomeResponse, error). Listing them
// from the server the framework actually builds catches methods of interfaces this package has
// never heard of.
func protocolMethods(t *testing.T) []reflect.Method {
	t.Helper()
	typ := reflect.TypeOf(providerserver.NewProtocol6(newTestProvider())())
	var methods []reflect.Method
	for i := range typ.NumMethod() {
		m := typ.Method(i)
		ft := m.Type // the receiver is In(0)
		if ft.NumIn() == 3 && ft.In(1) == contextType && ft.In(2).Kind() == reflect.Pointer && ft.In(2).Elem().PkgPath() == tfprotov6Pkg &&
			ft.NumOut() == 2 && ft.Out(1) == reflect.TypeFor[error]() {
			methods = append(methods, m)
		}
	}
	if len(methods) < 30 {
		t.Fatalf("found only %d protocol methods on %v: the framework's server has changed shape; update this test", len(methods), typ)
	}
	return methods
}

type markerKey struct{}

// perObjectCalls are the calls Terraform makes once per resource instance, data source or
// function call: the ones server passes through serveCall.
var perObjectCalls = []string{
	"ApplyResourceChange", "CallFunction", "ImportResourceState", "MoveResourceState", "PlanResourceChange",
	"ReadDataSource", "ReadResource", "UpgradeResourceIdentity", "UpgradeResourceState",
	"ValidateDataResourceConfig", "ValidateResourceConfig",
}

// TestPerObjectCallsLetGoOfTheirContext makes each per-object call through server and, for
// comparison, straight to the framework, with a context that carries a marker, and checks by a
// weak pointer whether anything holds the marker once the call is done. The bare framework keeps
// it (the upstream defect written down in CONTRIBUTING.md): when it stops doing so, this test
// says that the wrapper can go.
func TestPerObjectCallsLetGoOfTheirContext(t *testing.T) {
	framework := providerserver.NewProtocol6(newTestProvider())()
	wrapped := wrap(providerserver.NewProtocol6(newTestProvider())())
	names := map[string]bool{}
	for _, m := range protocolMethods(t) {
		names[m.Name] = true
	}
	for _, name := range perObjectCalls {
		if !names[name] {
			t.Errorf("the framework's server has no %s any more: update perObjectCalls and protocol_server.go", name)
			continue
		}
		if !callKeeps(t, framework, name) {
			t.Errorf("the bare framework let go of the context of %s: if it no longer keeps any, server can go", name)
		}
		if callKeeps(t, wrapped, name) {
			t.Errorf("%s keeps the call's context through server: pass it through serveCall", name)
		}
	}
	runtime.KeepAlive(framework)
	runtime.KeepAlive(wrapped)
}

// callKeeps makes the call named method on s with an empty request and says whether anything
// still holds the call's context.
func callKeeps(t *testing.T, s tfprotov6.ProviderServer, method string) bool {
	t.Helper()
	marker := weak.Make(call(t, s, method))
	for range 3 {
		runtime.GC()
		if marker.Value() == nil {
			return false
		}
	}
	return true
}

//go:noinline
func call(t *testing.T, s tfprotov6.ProviderServer, method string) *[1 << 10]byte {
	marker := new([1 << 10]byte)
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), markerKey{}, marker))
	defer cancel() // as gRPC does when a call ends
	m := reflect.ValueOf(s).MethodByName(method)
	req := reflect.New(m.Type().In(1).Elem())
	func() {
		defer func() { _ = recover() }() // an empty request may upset a handler; the context is what counts
		m.Call([]reflect.Value{reflect.ValueOf(ctx), req})
	}()
	return marker
}
