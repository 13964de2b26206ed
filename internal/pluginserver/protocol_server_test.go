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

// TestServerPassesOnEveryFrameworkMethod fails when a framework upgrade brings a protocol method
// (for example a new optional interface that tf6server looks for) that server does not pass on:
// Terraform would not see the capability at all, or, were the framework's server embedded, would
// reach it with the context kept.
func TestServerPassesOnEveryFrameworkMethod(t *testing.T) {
	wrapper := reflect.TypeFor[*server]()
	for i := range wrapper.Elem().NumField() {
		if f := wrapper.Elem().Field(i); f.Anonymous {
			t.Errorf("server embeds %v: its methods would reach the framework without the context release", f.Type)
		}
	}
	for _, m := range protocolMethods(t) {
		w, ok := wrapper.MethodByName(m.Name)
		if !ok {
			t.Errorf("server has no %s: add it to frameworkServer and protocol_server.go, through serveCall or serveStream", m.Name)
			continue
		}
		for i := 1; i < m.Type.NumIn(); i++ {
			if w.Type.In(i) != m.Type.In(i) {
				t.Errorf("server.%s takes %v, the framework's %v", m.Name, w.Type.In(i), m.Type.In(i))
			}
		}
		for i := range m.Type.NumOut() {
			if w.Type.Out(i) != m.Type.Out(i) {
				t.Errorf("server.%s answers %v, the framework's %v", m.Name, w.Type.Out(i), m.Type.Out(i))
			}
		}
	}
}

type markerKey struct{}

// TestEveryCallLetsGoOfItsContext makes every protocol call, through server and, for comparison,
// straight to the framework, with a context that carries a marker, and checks by a weak pointer
// that nothing holds the marker once the call (and any stream in its answer) is done.
func TestEveryCallLetsGoOfItsContext(t *testing.T) {
	framework := providerserver.NewProtocol6(newTestProvider())()
	wrapped := wrap(providerserver.NewProtocol6(newTestProvider())())
	keptByFramework := 0
	for _, m := range protocolMethods(t) {
		if m.Name == "StopProvider" {
			continue // it lets go of every kept context: made last, below
		}
		if kept := callKeeps(t, framework, m.Name); kept {
			keptByFramework++
		}
		if callKeeps(t, wrapped, m.Name) {
			t.Errorf("%s keeps the call's context after the call through server: pass it through serveCall (or serveStream for a streamed answer)", m.Name)
		}
	}
	t.Logf("the bare framework kept the context of %d of the calls", keptByFramework)
	if keptByFramework == 0 {
		t.Error("the bare framework kept no call's context: this test no longer measures anything (did the framework fix the retention? then the wrapper can go)")
	}
	if callKeeps(t, wrapped, "StopProvider") {
		t.Error("StopProvider keeps the call's context through server")
	}
	runtime.KeepAlive(framework)
	runtime.KeepAlive(wrapped)
}

// callKeeps makes the call named method on s with an empty request, drains any stream in the
// answer, and says whether anything still holds the call's context.
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
		out := m.Call([]reflect.Value{reflect.ValueOf(ctx), req})
		drainStreams(out[0])
	}()
	return marker
}

// drainStreams runs every iterator (iter.Seq or iter.Seq2) in the answer to its end, as
// tf6server does before it answers Terraform.
func drainStreams(resp reflect.Value) {
	if resp.Kind() != reflect.Pointer || resp.IsNil() || resp.Elem().Kind() != reflect.Struct {
		return
	}
	for i := range resp.Elem().NumField() {
		f := resp.Elem().Field(i)
		ft := f.Type()
		if ft.Kind() != reflect.Func || f.IsNil() || ft.NumIn() != 1 || ft.In(0).Kind() != reflect.Func || ft.In(0).NumOut() != 1 {
			continue
		}
		yield := reflect.MakeFunc(ft.In(0), func([]reflect.Value) []reflect.Value { return []reflect.Value{reflect.ValueOf(true)} })
		f.Call([]reflect.Value{yield})
	}
}
