package pluginserver

import (
	"os"
	"runtime/debug"
	"strings"
)

// Environment variables Terraform and OpenTofu read to decide whether they show provider logs.
var providerLogSwitches = []string{"TF_LOG", "TF_LOG_PROVIDER"}

// Environment variables the loggers of the plugin process read for their levels (through
// terraform-plugin-log's WithLevelFromEnv). TestLogLevelVariablesAreTheOnesUpstreamReads checks
// them against the sources of the pinned modules.
const (
	envLogSDK          = "TF_LOG_SDK"           // terraform-plugin-go: the SDK's root logger
	envLogSDKProto     = "TF_LOG_SDK_PROTO"     // terraform-plugin-go: its protocol subsystem
	envLogSDKFramework = "TF_LOG_SDK_FRAMEWORK" // terraform-plugin-framework's subsystem
	// envLogProvider is the prefix of the provider's own logger: tf6server appends an underscore
	// and the provider type from the address, "-" read as "_", upper case.
	envLogProvider = "TF_LOG_PROVIDER"
)

// logLevelOff is the level that silences a logger (one of tfsdklog.ValidLevels).
const logLevelOff = "OFF"

const (
	// gcPercent trades memory for CPU: the live heap of the provider process is a few MiB
	// whatever the number of objects, so collecting at 5x it instead of 2x costs little memory
	// and saves most of the collector's work (about a tenth of the process's CPU during an apply).
	gcPercent = 400
	// memoryLimit makes the collector work harder again before the heap gets anywhere near it.
	memoryLimit = 48 << 20
)

// PrepareProcess sets up the process before it serves the provider at address to Terraform: it
// turns off the loggers whose lines Terraform is going to discard (not in debug mode, where they
// go to the developer's terminal), and tunes the garbage collector unless GOGC or GOMEMLIMIT say
// otherwise. See BENCHMARKS.md for what each is worth.
func PrepareProcess(address string, debugMode bool) {
	if !debugMode {
		for name, level := range unreadLogLevels(address, os.Getenv) {
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

// pluginLogLevels names the level variables of every logger in the process serving address: the
// SDK, its protocol and framework subsystems, and the provider's own.
func pluginLogLevels(address string) []string {
	return []string{envLogSDK, envLogSDKProto, envLogSDKFramework, providerLogLevel(address)}
}

// providerLogLevel is the level variable of the provider's logger, as tf6server names it:
// registry.terraform.io/hashicorp/example becomes TF_LOG_PROVIDER_EXAMPLE.
func providerLogLevel(address string) string {
	typ := address[strings.LastIndex(address, "/")+1:]
	return strings.ToUpper(envLogProvider + "_" + strings.ReplaceAll(typ, "-", "_"))
}

// unreadLogLevels returns the logger levels to set when nobody will read the logs: when neither
// TF_LOG nor TF_LOG_PROVIDER is set, Terraform parses every line the provider writes and drops it.
// terraform-plugin-log defaults every logger to TRACE regardless, and the framework writes hundreds
// of lines per object, so encoding and parsing them cost more CPU than the provider's own work.
// A level set explicitly is kept.
func unreadLogLevels(address string, getenv func(string) string) map[string]string {
	for _, name := range providerLogSwitches {
		if getenv(name) != "" {
			return nil
		}
	}
	levels := map[string]string{}
	for _, name := range pluginLogLevels(address) {
		if getenv(name) == "" {
			levels[name] = logLevelOff
		}
	}
	return levels
}
