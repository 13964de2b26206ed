package provider

import (
	"os"
	"runtime/debug"
)

// Environment variables Terraform and OpenTofu read to decide whether they show provider logs.
var providerLogSwitches = []string{"TF_LOG", "TF_LOG_PROVIDER"}

// Environment variables terraform-plugin-log reads for the levels of the loggers in this process:
// the SDK, its protocol and framework subsystems, and the provider's own (named after the type in
// RegistryAddress).
var pluginLogLevels = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_BANDWIDTH"}

const (
	// gcPercent trades memory for CPU: the live heap of the provider process is a few MiB
	// whatever the number of objects, so collecting at 5x it instead of 2x costs little memory
	// and saves most of the collector's work (about a tenth of the process's CPU during an apply).
	gcPercent = 400
	// memoryLimit makes the collector work harder again before the heap gets anywhere near it.
	memoryLimit = 48 << 20
)

// PrepareProcess sets up the provider process before it serves Terraform: it turns off the
// loggers whose lines Terraform is going to discard (not in debug mode, where they go to the
// developer's terminal), and tunes the garbage collector unless GOGC or GOMEMLIMIT say otherwise.
// See BENCHMARKS.md for what each is worth.
func PrepareProcess(debugMode bool) {
	if !debugMode {
		for name, level := range unreadLogLevels(os.Getenv) {
			_ = os.Setenv(name, level)
		}
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}

// unreadLogLevels returns the logger levels to set when nobody will read the logs: when neither
// TF_LOG nor TF_LOG_PROVIDER is set, Terraform parses every line the provider writes and drops it.
// terraform-plugin-log defaults every logger to TRACE regardless, and the framework writes hundreds
// of lines per object, so encoding and parsing them cost more CPU than the provider's own work.
// A level set explicitly is kept.
func unreadLogLevels(getenv func(string) string) map[string]string {
	for _, name := range providerLogSwitches {
		if getenv(name) != "" {
			return nil
		}
	}
	levels := map[string]string{}
	for _, name := range pluginLogLevels {
		if getenv(name) == "" {
			levels[name] = "OFF"
		}
	}
	return levels
}
