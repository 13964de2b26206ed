// Package pluginserver runs a terraform-plugin-framework provider as a Terraform or OpenTofu
// plugin process over protocol 6: it tunes the process (loggers nobody reads, the garbage
// collector) and wraps the framework's protocol server so that it does not keep every call's
// context. It knows nothing of this provider's resources: main.go hands it the provider, and the
// acceptance tests serve the provider through the same NewProtocol6.
package pluginserver

import (
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// Serve prepares the process and serves newProvider at address (for example
// registry.terraform.io/bandwidth-community/bandwidth) until Terraform is done with it. It does
// what providerserver.Serve does, with the protocol server from NewProtocol6. In debug mode it
// prints the reattach settings for a debugger session and keeps every log.
func Serve(address string, newProvider func() provider.Provider, debug bool) error {
	PrepareProcess(address, debug)
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	return tf6server.Serve(address, NewProtocol6(newProvider), opts...)
}

// NewProtocol6 returns the protocol 6 server factory for tf6server.Serve and for
// terraform-plugin-testing's ProtoV6ProviderFactories: each server is the framework's server for
// a new provider from newProvider, with every call's context let go once the call (or, for a
// streamed answer, its stream) is done.
//
// terraform-plugin-framework (v1.19) keeps the cancel function of every call's context until
// StopProvider, and with it the whole context: the call's loggers, fields and gRPC stream, about
// 12 KiB a call. Terraform makes several calls per object, so applying 1000 objects grew the
// provider process past 100 MiB. Behind this wrapper those cancel functions keep only an empty
// context.
func NewProtocol6(newProvider func() provider.Provider) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		return wrap(providerserver.NewProtocol6(newProvider())())
	}
}
