package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/transport"
	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

// addAPIError turns a failed API call into a diagnostic that says what failed, what the API
// answered and what to do next. action reads like "create the participant".
func addAPIError(diags *diag.Diagnostics, action string, err error) {
	summary := "Cannot " + action
	var apiErr *webrtc.Error
	if !errors.As(err, &apiErr) {
		diags.AddError(summary, fmt.Sprintf("The request to the Bandwidth WebRTC API failed: %s.\n\n%s", err, transportAdvice(err)))
		return
	}
	detail := fmt.Sprintf("The Bandwidth WebRTC API answered %d %s", apiErr.StatusCode, http.StatusText(apiErr.StatusCode))
	if apiErr.Message != "" {
		detail += ": " + apiErr.Message
	}
	if apiErr.RequestID != "" {
		detail += fmt.Sprintf(" (request id %s)", apiErr.RequestID)
	}
	diags.AddError(summary, detail+".\n\n"+statusAdvice(apiErr.StatusCode))
}

func statusAdvice(status int) string {
	switch {
	case status == http.StatusBadRequest:
		return "The API rejected the request's values. Check the arguments against the resource documentation."
	case status == http.StatusUnauthorized:
		return "The credentials were refused, or they cannot access this account. Check account_id and the client_id/client_secret " +
			"(or username/password) set in the provider block or the BW_* environment variables."
	case status == http.StatusForbidden:
		return "These credentials cannot use the WebRTC API, or the base_url does not point at it. " +
			"Ask Bandwidth support to enable WebRTC for the API credentials, and check base_url."
	case status == http.StatusNotFound:
		return "The object does not exist or is no longer active (Bandwidth removes sessions after about 9 hours)."
	case status == http.StatusTooManyRequests:
		return "Bandwidth is rate limiting this account and the retries ran out. Run again later, lower -parallelism, or raise max_retries."
	case status >= 500:
		return "Bandwidth reported a server error and the retries ran out. Run again later; if it persists, contact Bandwidth support with the request id."
	default:
		return "Run again; if it persists, report it with the request id."
	}
}

func transportAdvice(err error) string {
	switch {
	case errors.Is(err, transport.ErrOAuth2Token):
		return "The API was not called: it needs an OAuth2 access token first. The client credentials come from client_id and client_secret " +
			"(or BW_CLIENT_ID and BW_CLIENT_SECRET), the token endpoint from oauth_token_url (or BW_OAUTH_TOKEN_URL)."
	case errors.Is(err, transport.ErrAttemptTimeout):
		return "The API did not answer within request_timeout. Check connectivity to base_url, or raise request_timeout."
	case errors.Is(err, context.Canceled):
		return "Terraform stopped the provider (an interrupt, or a cancelled run) before this request was carried out. Run apply again to finish."
	}
	return "Check that base_url is reachable from here, then run again."
}

// addCreateError reports a failed create. Where Bandwidth may have carried the create out even so,
// it says that and how to find the object: running apply again would make a second one.
func addCreateError(diags *diag.Diagnostics, kind, tag string, err error) {
	var incomplete *webrtc.IncompleteAnswerError
	if errors.As(err, &incomplete) {
		addIncompleteAnswerError(diags, kind, tag, incomplete)
		return
	}
	if createOutcomeUnknown(err) {
		addUnknownOutcomeError(diags, kind, tag, err)
		return
	}
	addAPIError(diags, "create the "+kind, err)
}

// createOutcomeUnknown: an answer from the API settles the outcome, except a server or gateway
// error; a failure without an answer settles it only if the request provably never left.
func createOutcomeUnknown(err error) bool {
	var apiErr *webrtc.Error
	if errors.As(err, &apiErr) {
		return transport.StatusOutcomeUnknown(apiErr.Method, apiErr.StatusCode)
	}
	return transport.OutcomeUnknown(http.MethodPost, err)
}

// addUnknownOutcomeError explains a create whose request may have been carried out although the
// answer does not say so: the object may exist without being in state.
func addUnknownOutcomeError(diags *diag.Diagnostics, kind, tag string, err error) {
	hint := ""
	if tag != "" {
		hint = fmt.Sprintf(" with tag %q", tag)
	}
	wait := ""
	if errors.Is(err, transport.ErrNoAnswerInTime) {
		wait = " A slow API may need a longer create timeout (timeouts { create = ... })."
	}
	recovery := fmt.Sprintf("The API cannot list %ss: look for its id in your callback logs or in listSessionParticipants, "+
		"then import it (terraform import <address> <id>) or delete it. Then run apply again.", kind)
	if kind == "session" {
		// An orphaned session cannot be found either, but it is harmless: empty, and it expires.
		recovery = "Such a session is empty and Bandwidth removes it after about 9 hours. Run apply again to create the session."
	}
	diags.AddError(fmt.Sprintf("Outcome of creating the %s is unknown", kind),
		fmt.Sprintf("The create request was sent, but no complete answer came back (%s), so Bandwidth may have created a %s%s "+
			"that Terraform does not know about. It was not retried, to avoid a duplicate.%s\n\n%s",
			err, kind, hint, wait, recovery))
}

// addIncompleteAnswerError explains a create that Bandwidth answered with success but without the
// new object's id or token: nothing goes into state, since an object without them cannot be managed.
func addIncompleteAnswerError(diags *diag.Diagnostics, kind, tag string, incomplete *webrtc.IncompleteAnswerError) {
	tagged := ""
	if tag != "" {
		tagged = fmt.Sprintf(" with tag %q", tag)
	}
	summary := fmt.Sprintf("Incomplete answer to the %s create", kind)
	if incomplete.ID != "" {
		diags.AddError(summary, fmt.Sprintf("Bandwidth created %s %s%s, but its answer to %s came without the %s. "+
			"The API hands out a %s's token only in the create answer, so no client can ever join as this %s; nothing was saved to state.\n\n"+
			"Delete %s %s through the Bandwidth API (importing it would leave its token null), then run apply again to create a new one.",
			kind, incomplete.ID, tagged, incomplete.Operation, strings.Join(incomplete.Missing, " and "), kind, kind, kind, incomplete.ID))
		return
	}
	whereToLook, leftAlone := "in the Bandwidth App, in your callback logs or with Bandwidth support", ""
	if kind == "session" {
		whereToLook, leftAlone = "in the Bandwidth App or with Bandwidth support", " Left alone, the session stays empty and Bandwidth removes it after about 9 hours."
	}
	diags.AddError(summary, fmt.Sprintf("Bandwidth answered %s with success but without the %s, "+
		"so Bandwidth may have created a %s%s, but its id is unknown: Terraform cannot manage it, and nothing was saved to state. "+
		"It was not retried, to avoid creating a duplicate.\n\n"+
		"The WebRTC API cannot list %ss: find the %s by its tag %s, then delete it, or import it (terraform import <address> <id>).%s "+
		"Then run apply again.",
		incomplete.Operation, strings.Join(incomplete.Missing, " and "), kind, tagged, kind, kind, whereToLook, leftAlone))
}
