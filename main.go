// Command terraform-provider-bandwidth serves the Bandwidth provider to Terraform and OpenTofu
// over plugin protocol 6.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/provider"
)

// version is set at build time: -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	provider.PrepareProcess(debug)
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	// What providerserver.Serve does, with the framework's server wrapped so that it does not
	// keep every call's context (see provider.NewProtocol6Server).
	err := tf6server.Serve(provider.RegistryAddress, provider.NewProtocol6Server(version), opts...)
	if err != nil {
		log.Fatal(err)
	}
}
