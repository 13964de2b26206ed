package explorer

import (
	"regexp"
	"strings"
)

// fatalSignatures are what Terraform (or OpenTofu) says when a provider breaks the plugin
// protocol's promises, or the plugin dies. None of them is ever an acceptable outcome.
var fatalSignatures = []struct{ text, signature string }{
	{"Provider produced inconsistent final plan", "inconsistent-final-plan"},
	{"Provider produced inconsistent result after apply", "inconsistent-result-after-apply"},
	{"Provider produced invalid plan", "invalid-plan"},
	{"Provider produced invalid object", "invalid-object"},
	{"Provider returned invalid result object after apply", "invalid-result-after-apply"},
	{"Provider produced null object", "null-object"},
	{"Plugin did not respond", "plugin-did-not-respond"},
	{"plugin crashed", "plugin-crashed"},
	{"The plugin encountered an error, and failed to respond", "plugin-crashed"},
	{"Failed to load plugin schemas", "plugin-failed-to-load"},
	{"panic: ", "panic"},
}

// fatalSignature is the signature of the first fatal message in a CLI's output, or "".
func fatalSignature(output string) string {
	for _, f := range fatalSignatures {
		if strings.Contains(output, f.text) {
			return f.signature
		}
	}
	return ""
}

// isFatalSignature says whether an invariant name is one of the fatal signatures.
func isFatalSignature(invariant string) bool {
	for _, f := range fatalSignatures {
		if f.signature == invariant {
			return true
		}
	}
	return false
}

// coreError says the CLI itself refused the configuration or its graph (a dependency cycle, an
// invalid reference): the explorer notes it apart from a provider's diagnostic.
func coreError(output string) bool {
	for _, s := range []string{"Error: Cycle:", "Error: Reference to undeclared", "Error: Invalid reference", "Error: Unsupported argument", "Error: Module not installed"} {
		if strings.Contains(output, s) {
			return true
		}
	}
	return false
}

// staleSavedPlan says Terraform refused a saved plan because the state moved on: that is
// Terraform protecting the user, not a provider problem.
func staleSavedPlan(output string) bool {
	return strings.Contains(output, "Saved plan is stale")
}

// interrupted says the CLI received the interrupt and shut down (Terraform and OpenTofu both say so).
func interrupted(output string) bool {
	return strings.Contains(output, "Interrupt received")
}

var errorLine = regexp.MustCompile(`(?m)^[│ ]*Error: (.+)$`)

// errorSummaries are the "Error: ..." headlines of a CLI's diagnostics.
func errorSummaries(output string) []string {
	var out []string
	for _, m := range errorLine.FindAllStringSubmatch(output, -1) {
		s := strings.TrimSpace(m[1])
		if len(out) == 0 || out[len(out)-1] != s {
			out = append(out, s)
		}
	}
	return out
}

// excerpt is the diagnostics of a CLI's output for a violation report: each distinct error once,
// its text on as few lines as it takes, at most limit bytes.
func excerpt(output string, limit int) string {
	blocks := strings.Split(output, "Error: ")
	if len(blocks) < 2 {
		return shorten(strings.TrimSpace(output), limit)
	}
	var lines []string
	seen := map[string]bool{}
	for _, block := range blocks[1:] {
		summary, body, _ := strings.Cut(block, "\n")
		body = strings.Join(strings.Fields(strings.NewReplacer("│", " ", "╵", " ", "╷", " ").Replace(body)), " ")
		body = strings.TrimSpace(strings.Split(body, " exit status ")[0])
		body = strings.TrimSpace(strings.ReplaceAll(body, boilerplate, ""))
		line := "Error: " + strings.TrimSpace(summary)
		if body != "" {
			line += ": " + strings.TrimSpace(body)
		}
		if !seen[line] {
			seen[line] = true
			lines = append(lines, line)
		}
	}
	return shorten(strings.Join(lines, "\n"), limit)
}

const boilerplate = "This is a bug in the provider, which should be reported in the provider's own issue tracker."

func shorten(s string, limit int) string {
	if len(s) > limit {
		return s[:limit] + "\n[...]"
	}
	return s
}
