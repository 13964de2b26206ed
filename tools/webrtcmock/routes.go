package webrtcmock

import (
	"net/http"
	"strings"
)

// Operation names: the spec's operationIds, plus the OAuth2 token endpoint and unmatched requests.
const (
	OpCreateParticipant              = "createParticipant"
	OpGetParticipant                 = "getParticipant"
	OpDeleteParticipant              = "deleteParticipant"
	OpCreateSession                  = "createSession"
	OpGetSession                     = "getSession"
	OpDeleteSession                  = "deleteSession"
	OpListSessionParticipants        = "listSessionParticipants"
	OpAddParticipantToSession        = "addParticipantToSession"
	OpRemoveParticipantFromSession   = "removeParticipantFromSession"
	OpGetParticipantSubscriptions    = "getParticipantSubscriptions"
	OpUpdateParticipantSubscriptions = "updateParticipantSubscriptions"
	OpOAuth2Token                    = "oauth2Token"
	OpUnknown                        = "unknown"
)

const (
	apiPrefix = "/v1/accounts/" // followed by {accountId}/...
	// TokenPath is the OAuth2 client-credentials endpoint, as on api.bandwidth.com.
	TokenPath = "/api/v1/oauth2/token"
	// StatsPath serves Stats as JSON for scripts; it is neither authenticated nor counted.
	StatsPath = "/mock/stats"
)

type route struct {
	method  string
	pattern []string // segments after /v1/accounts/{accountId}; {sessionId} and {participantId} capture
	op      string
	handle  func(*Mock, *call) response
}

var apiRoutes = []route{
	{http.MethodPost, segments("participants"), OpCreateParticipant, (*Mock).createParticipant},
	{http.MethodGet, segments("participants/{participantId}"), OpGetParticipant, (*Mock).getParticipant},
	{http.MethodDelete, segments("participants/{participantId}"), OpDeleteParticipant, (*Mock).deleteParticipant},
	{http.MethodPost, segments("sessions"), OpCreateSession, (*Mock).createSession},
	{http.MethodGet, segments("sessions/{sessionId}"), OpGetSession, (*Mock).getSession},
	{http.MethodDelete, segments("sessions/{sessionId}"), OpDeleteSession, (*Mock).deleteSession},
	{http.MethodGet, segments("sessions/{sessionId}/participants"), OpListSessionParticipants, (*Mock).listSessionParticipants},
	{http.MethodPut, segments("sessions/{sessionId}/participants/{participantId}"), OpAddParticipantToSession, (*Mock).addParticipantToSession},
	{http.MethodDelete, segments("sessions/{sessionId}/participants/{participantId}"), OpRemoveParticipantFromSession, (*Mock).removeParticipantFromSession},
	{http.MethodGet, segments("sessions/{sessionId}/participants/{participantId}/subscriptions"), OpGetParticipantSubscriptions, (*Mock).getParticipantSubscriptions},
	{http.MethodPut, segments("sessions/{sessionId}/participants/{participantId}/subscriptions"), OpUpdateParticipantSubscriptions, (*Mock).updateParticipantSubscriptions},
}

var tokenRoute = route{http.MethodPost, nil, OpOAuth2Token, (*Mock).issueAccessToken}

func segments(path string) []string { return strings.Split(path, "/") }

// knownOperation reports whether op names something a fault can be injected for.
func knownOperation(op string) bool {
	if op == OpOAuth2Token {
		return true
	}
	for _, rt := range apiRoutes {
		if rt.op == op {
			return true
		}
	}
	return false
}

// pathParams are the values captured from the URL; ids are validated later, after auth.
type pathParams struct {
	accountID     string
	sessionID     string
	participantID string
}

// matchRoute finds the route for a request. Method and path must both match, as API Gateway
// treats an unknown method like an unknown path.
func matchRoute(method, path string) (*route, pathParams, bool) {
	if path == TokenPath && method == tokenRoute.method {
		return &tokenRoute, pathParams{}, true
	}
	rest, ok := strings.CutPrefix(path, apiPrefix)
	if !ok {
		return nil, pathParams{}, false
	}
	accountID, rest, ok := strings.Cut(rest, "/")
	if !ok || accountID == "" {
		return nil, pathParams{}, false
	}
	parts := strings.Split(rest, "/")
	for i := range apiRoutes {
		rt := &apiRoutes[i]
		if rt.method != method {
			continue
		}
		if params, ok := capture(rt.pattern, parts); ok {
			params.accountID = accountID
			return rt, params, true
		}
	}
	return nil, pathParams{}, false
}

func capture(pattern, parts []string) (pathParams, bool) {
	var params pathParams
	if len(pattern) != len(parts) {
		return params, false
	}
	for i, want := range pattern {
		got := parts[i]
		if got == "" {
			return params, false // API Gateway path parameters never match an empty segment
		}
		switch want {
		case "{sessionId}":
			params.sessionID = got
		case "{participantId}":
			params.participantID = got
		default:
			if got != want {
				return params, false
			}
		}
	}
	return params, true
}
