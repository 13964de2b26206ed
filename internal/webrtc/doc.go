// Package webrtc is a client for the Bandwidth WebRTC API (v1, spec 2.0.0): one method per
// operation, the API's models, and one error type for every failed call. It knows HTTP and JSON
// and nothing of Terraform.
package webrtc
