// Package explorer is a seeded, model-based test of the provider through the real Terraform CLI.
//
// A small Go model of a multi-environment configuration (sessions, participants, memberships,
// data sources, tokens passed into a local module) is edited by a sequence of steps chosen by a
// seeded PRNG: configuration edits, events outside Terraform (a session expires, a participant or
// a membership is deleted at the mock, tokens come out already old, transient API faults), plain
// applies, applies with -replace, saved plans applied after another event, and applies stopped
// by a SIGINT to the CLI while the mock holds the answers of creates it has performed. Each apply
// is driven through terraform-exec against the in-process mock, and after each one the explorer
// checks its invariants: no "inconsistent final plan" or other Terraform-core complaint about the
// provider, an empty plan afterwards, the mock holding exactly what the state says, a token for
// every participant, and that token reaching the consuming module; after a stopped apply, before
// the apply that converges, that every session and participant the API created is in state with
// its token. A violation is shrunk (delta
// debugging over the step list) to a short list that still reproduces it, which a regression test
// then replays as a fixed []Step.
//
// Every file but this one is a _test.go file: the explorer is compiled by `go test` alone and
// nothing can import it. A part of the explorer lives in <part>_test.go (generate_test.go,
// shrink_test.go, ...); where that part has tests of its own, they are in <part>_check_test.go.
package explorer
