// Command terraform-provider-bandwidth serves the Bandwidth provider to Terraform and OpenTofu
// over plugin protocol 6.
package main

import (
	"flag"
	"log"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/pluginserver"
	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/provider"
)

// version is set at build time: -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	if err := pluginserver.Serve(provider.RegistryAddress, provider.New(version), debug); err != nil {
		log.Fatal(err)
	}
}
