package pluginserver

import (
	"context"
	"iter"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

var (
	_ tfprotov6.ProviderServerWithListResource = (*server)(nil)
	_ tfprotov6.ProviderServerWithActions      = (*server)(nil)
	_ tfprotov6.ProviderServerWithStateStores  = (*server)(nil)
)

// frameworkServer is everything the framework's protocol 6 server offers, so that wrapping it
// hides none of the optional capabilities tf6server looks for.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ProviderServerWithListResource
	tfprotov6.ProviderServerWithActions
	tfprotov6.ProviderServerWithStateStores
}

// server passes every call on to the framework's server, with a context that forgets the call's
// once the call is done. It embeds nothing, so that no method reaches the framework unwrapped:
// a protocol method added upstream fails the build (a new method of ProviderServer) or
// TestServerPassesOnEveryFrameworkMethod (a new optional interface).
type server struct {
	next frameworkServer
}

func wrap(s tfprotov6.ProviderServer) *server {
	return &server{next: s.(frameworkServer)}
}

// callContext is a call's context until release, and an empty one afterwards.
type callContext struct {
	current atomic.Pointer[contextHolder]
}

type contextHolder struct{ context.Context }

var releasedContext = &contextHolder{context.Background()}

func newCallContext(ctx context.Context) *callContext {
	c := &callContext{}
	c.current.Store(&contextHolder{ctx})
	return c
}

func (c *callContext) release()                                { c.current.Store(releasedContext) }
func (c *callContext) ctx() context.Context                    { return c.current.Load().Context }
func (c *callContext) Deadline() (deadline time.Time, ok bool) { return c.ctx().Deadline() }
func (c *callContext) Done() <-chan struct{}                   { return c.ctx().Done() }
func (c *callContext) Err() error                              { return c.ctx().Err() }
func (c *callContext) Value(key any) any                       { return c.ctx().Value(key) }

// serveCall runs one call with a context that forgets ctx when the call returns: for calls whose
// answer is complete on return.
func serveCall[Req, Resp any](ctx context.Context, req Req, call func(context.Context, Req) (Resp, error)) (Resp, error) {
	c := newCallContext(ctx)
	defer c.release()
	return call(c, req)
}

// serveStream runs one call whose answer is a stream the provider produces after the call
// returns (tf6server drains it before it answers Terraform): the context is forgotten once the
// stream is done, or at once when there is none.
func serveStream[Req, Resp, T any](ctx context.Context, req Req, call func(context.Context, Req) (*Resp, error), stream func(*Resp) *iter.Seq[T]) (*Resp, error) {
	c := newCallContext(ctx)
	resp, err := call(c, req)
	if resp == nil || *stream(resp) == nil {
		c.release()
		return resp, err
	}
	seq := stream(resp)
	produce := *seq
	*seq = func(yield func(T) bool) {
		defer c.release()
		produce(yield)
	}
	return resp, err
}

func (s *server) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return serveCall(ctx, req, s.next.ApplyResourceChange)
}

func (s *server) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return serveCall(ctx, withNullArguments(req), s.next.CallFunction)
}

func (s *server) CloseEphemeralResource(ctx context.Context, req *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return serveCall(ctx, req, s.next.CloseEphemeralResource)
}

func (s *server) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return serveCall(ctx, req, s.next.ConfigureProvider)
}

func (s *server) ConfigureStateStore(ctx context.Context, req *tfprotov6.ConfigureStateStoreRequest) (*tfprotov6.ConfigureStateStoreResponse, error) {
	return serveCall(ctx, req, s.next.ConfigureStateStore)
}

func (s *server) DeleteState(ctx context.Context, req *tfprotov6.DeleteStateRequest) (*tfprotov6.DeleteStateResponse, error) {
	return serveCall(ctx, req, s.next.DeleteState)
}

func (s *server) GenerateResourceConfig(ctx context.Context, req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return serveCall(ctx, req, s.next.GenerateResourceConfig)
}

func (s *server) GetFunctions(ctx context.Context, req *tfprotov6.GetFunctionsRequest) (*tfprotov6.GetFunctionsResponse, error) {
	return serveCall(ctx, req, s.next.GetFunctions)
}

func (s *server) GetMetadata(ctx context.Context, req *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	return serveCall(ctx, req, s.next.GetMetadata)
}

func (s *server) GetProviderSchema(ctx context.Context, req *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return serveCall(ctx, req, s.next.GetProviderSchema)
}

func (s *server) GetResourceIdentitySchemas(ctx context.Context, req *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return serveCall(ctx, req, s.next.GetResourceIdentitySchemas)
}

func (s *server) GetStates(ctx context.Context, req *tfprotov6.GetStatesRequest) (*tfprotov6.GetStatesResponse, error) {
	return serveCall(ctx, req, s.next.GetStates)
}

func (s *server) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return serveCall(ctx, req, s.next.ImportResourceState)
}

func (s *server) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	return serveStream(ctx, req, s.next.InvokeAction, func(r *tfprotov6.InvokeActionServerStream) *iter.Seq[tfprotov6.InvokeActionEvent] { return &r.Events })
}

func (s *server) ListResource(ctx context.Context, req *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	return serveStream(ctx, req, s.next.ListResource, func(r *tfprotov6.ListResourceServerStream) *iter.Seq[tfprotov6.ListResourceResult] { return &r.Results })
}

func (s *server) LockState(ctx context.Context, req *tfprotov6.LockStateRequest) (*tfprotov6.LockStateResponse, error) {
	return serveCall(ctx, req, s.next.LockState)
}

func (s *server) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return serveCall(ctx, req, s.next.MoveResourceState)
}

func (s *server) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return serveCall(ctx, req, s.next.OpenEphemeralResource)
}

func (s *server) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	return serveCall(ctx, req, s.next.PlanAction)
}

func (s *server) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return serveCall(ctx, req, s.next.PlanResourceChange)
}

func (s *server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return serveCall(ctx, req, s.next.ReadDataSource)
}

func (s *server) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return serveCall(ctx, req, s.next.ReadResource)
}

func (s *server) ReadStateBytes(ctx context.Context, req *tfprotov6.ReadStateBytesRequest) (*tfprotov6.ReadStateBytesStream, error) {
	return serveStream(ctx, req, s.next.ReadStateBytes, func(r *tfprotov6.ReadStateBytesStream) *iter.Seq[tfprotov6.ReadStateByteChunk] { return &r.Chunks })
}

func (s *server) RenewEphemeralResource(ctx context.Context, req *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return serveCall(ctx, req, s.next.RenewEphemeralResource)
}

func (s *server) StopProvider(ctx context.Context, req *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return serveCall(ctx, req, s.next.StopProvider)
}

func (s *server) UnlockState(ctx context.Context, req *tfprotov6.UnlockStateRequest) (*tfprotov6.UnlockStateResponse, error) {
	return serveCall(ctx, req, s.next.UnlockState)
}

func (s *server) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return serveCall(ctx, req, s.next.UpgradeResourceIdentity)
}

func (s *server) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return serveCall(ctx, req, s.next.UpgradeResourceState)
}

func (s *server) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	return serveCall(ctx, req, s.next.ValidateActionConfig)
}

func (s *server) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return serveCall(ctx, req, s.next.ValidateDataResourceConfig)
}

func (s *server) ValidateEphemeralResourceConfig(ctx context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return serveCall(ctx, req, s.next.ValidateEphemeralResourceConfig)
}

func (s *server) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	return serveCall(ctx, req, s.next.ValidateListResourceConfig)
}

func (s *server) ValidateProviderConfig(ctx context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return serveCall(ctx, req, s.next.ValidateProviderConfig)
}

func (s *server) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return serveCall(ctx, req, s.next.ValidateResourceConfig)
}

func (s *server) ValidateStateStoreConfig(ctx context.Context, req *tfprotov6.ValidateStateStoreConfigRequest) (*tfprotov6.ValidateStateStoreConfigResponse, error) {
	return serveCall(ctx, req, s.next.ValidateStateStoreConfig)
}

func (s *server) WriteStateBytes(ctx context.Context, req *tfprotov6.WriteStateBytesStream) (*tfprotov6.WriteStateBytesResponse, error) {
	return serveCall(ctx, req, s.next.WriteStateBytes)
}
