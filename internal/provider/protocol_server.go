package provider

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

var (
	_ tfprotov6.ProviderServerWithListResource = (*protocol6Server)(nil)
	_ tfprotov6.ProviderServerWithActions      = (*protocol6Server)(nil)
	_ tfprotov6.ProviderServerWithStateStores  = (*protocol6Server)(nil)
)

// frameworkServer is everything the framework's protocol 6 server offers, so that wrapping it
// hides none of the optional capabilities tf6server looks for.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ProviderServerWithListResource
	tfprotov6.ProviderServerWithActions
	tfprotov6.ProviderServerWithStateStores
}

// NewProtocol6Server returns the provider's protocol 6 server, for tf6server.Serve: the
// framework's server, with each per-object call's context let go once the call returns.
//
// terraform-plugin-framework (v1.19) keeps the cancel function of every call's context until
// StopProvider, and with it the whole context: the call's loggers, fields and gRPC stream, about
// 12 KiB a call. Terraform makes several calls per object, so applying 1000 objects grew the
// provider process past 100 MiB. Here those cancel functions keep only an empty context.
func NewProtocol6Server(version string, opts ...Option) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		return &protocol6Server{frameworkServer: providerserver.NewProtocol6(New(version, opts...)())().(frameworkServer)}
	}
}

type protocol6Server struct {
	frameworkServer
}

// callContext is a call's context until release, and an empty one afterwards.
type callContext struct {
	current atomic.Pointer[contextHolder]
}

type contextHolder struct{ context.Context }

var releasedContext = &contextHolder{context.Background()}

func (c *callContext) ctx() context.Context                    { return c.current.Load().Context }
func (c *callContext) Deadline() (deadline time.Time, ok bool) { return c.ctx().Deadline() }
func (c *callContext) Done() <-chan struct{}                   { return c.ctx().Done() }
func (c *callContext) Err() error                              { return c.ctx().Err() }
func (c *callContext) Value(key any) any                       { return c.ctx().Value(key) }

// serveCall runs one call with a context that forgets ctx when the call returns. Only calls
// whose response is complete on return qualify (not the streamed ListResource or InvokeAction).
func serveCall[Req, Resp any](ctx context.Context, req Req, call func(context.Context, Req) (Resp, error)) (Resp, error) {
	c := &callContext{}
	c.current.Store(&contextHolder{ctx})
	defer c.current.Store(releasedContext)
	return call(c, req)
}

func (s *protocol6Server) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return serveCall(ctx, req, s.frameworkServer.ValidateResourceConfig)
}

func (s *protocol6Server) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return serveCall(ctx, req, s.frameworkServer.UpgradeResourceState)
}

func (s *protocol6Server) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return serveCall(ctx, req, s.frameworkServer.UpgradeResourceIdentity)
}

func (s *protocol6Server) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return serveCall(ctx, req, s.frameworkServer.ReadResource)
}

func (s *protocol6Server) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return serveCall(ctx, req, s.frameworkServer.PlanResourceChange)
}

func (s *protocol6Server) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return serveCall(ctx, req, s.frameworkServer.ApplyResourceChange)
}

func (s *protocol6Server) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return serveCall(ctx, req, s.frameworkServer.ImportResourceState)
}

func (s *protocol6Server) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return serveCall(ctx, req, s.frameworkServer.MoveResourceState)
}

func (s *protocol6Server) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return serveCall(ctx, req, s.frameworkServer.ValidateDataResourceConfig)
}

func (s *protocol6Server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return serveCall(ctx, req, s.frameworkServer.ReadDataSource)
}

func (s *protocol6Server) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return serveCall(ctx, req, s.frameworkServer.CallFunction)
}
