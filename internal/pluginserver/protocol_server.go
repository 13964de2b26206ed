package pluginserver

import (
	"context"
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

// server is the framework's server with the calls Terraform makes once per object (a resource
// instance, a data source, a function call) given a context that is forgotten once the call is
// done: the framework keeps every call's context until StopProvider (see CONTRIBUTING.md, "The
// plugin server"), and only these calls grow with the configuration. The calls made once per run,
// and those of features this provider does not have, reach the framework unchanged.
type server struct {
	frameworkServer
}

func wrap(s tfprotov6.ProviderServer) *server {
	return &server{frameworkServer: s.(frameworkServer)}
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

// serveCall runs one call with a context that forgets ctx when the call returns.
func serveCall[Req, Resp any](ctx context.Context, req Req, call func(context.Context, Req) (Resp, error)) (Resp, error) {
	c := newCallContext(ctx)
	defer c.release()
	return call(c, req)
}

func (s *server) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return serveCall(ctx, req, s.frameworkServer.ApplyResourceChange)
}

func (s *server) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return serveCall(ctx, withNullArguments(req), s.frameworkServer.CallFunction)
}

func (s *server) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return serveCall(ctx, req, s.frameworkServer.ImportResourceState)
}

func (s *server) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return serveCall(ctx, req, s.frameworkServer.MoveResourceState)
}

func (s *server) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return serveCall(ctx, req, s.frameworkServer.PlanResourceChange)
}

func (s *server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return serveCall(ctx, req, s.frameworkServer.ReadDataSource)
}

func (s *server) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return serveCall(ctx, req, s.frameworkServer.ReadResource)
}

func (s *server) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return serveCall(ctx, req, s.frameworkServer.UpgradeResourceIdentity)
}

func (s *server) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return serveCall(ctx, req, s.frameworkServer.UpgradeResourceState)
}

func (s *server) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return serveCall(ctx, req, s.frameworkServer.ValidateDataResourceConfig)
}

func (s *server) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return serveCall(ctx, req, s.frameworkServer.ValidateResourceConfig)
}
