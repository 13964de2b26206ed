// Package provider is the Terraform face of the Bandwidth WebRTC API: the provider configuration
// and one file per resource, data source and function, built on terraform-plugin-framework. It
// converts between Terraform values and internal/webrtc models and leaves HTTP to that package.
package provider
