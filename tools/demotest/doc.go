// Package demotest has no code of its own: its tests run examples/demo, the configuration users
// copy to hand participant tokens to a secret store, through the real Terraform and OpenTofu CLIs
// against the mock, and check that no token, client secret or access token reaches what the CLI
// prints.
package demotest
