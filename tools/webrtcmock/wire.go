package webrtcmock

import "encoding/json"

// ParticipantView is a participant as the API renders it (getParticipant, list items, and the
// `participant` of a create response). Values returned by Mock.Participant are deep copies.
type ParticipantView struct {
	ID                 string        `json:"id"`
	CallbackURL        *string       `json:"callbackUrl"` // null when not set, as the API answers
	PublishPermissions []string      `json:"publishPermissions"`
	Sessions           []string      `json:"sessions"`
	Subscriptions      Subscriptions `json:"subscriptions"`
	Tag                string        `json:"tag,omitempty"`
	DeviceAPIVersion   string        `json:"deviceApiVersion"`

	omitPublishPermissions bool // the absent-permissions variant leaves the field out
}

// MarshalJSON leaves publishPermissions out where the absent-permissions variant asks for it.
func (v ParticipantView) MarshalJSON() ([]byte, error) {
	type plain ParticipantView // no methods: no recursion
	if !v.omitPublishPermissions {
		return json.Marshal(plain(v))
	}
	// A field of the outer struct hides the embedded one of the same JSON name.
	return json.Marshal(struct {
		plain
		PublishPermissions []string `json:"publishPermissions,omitempty"`
	}{plain: plain(v)})
}

// SessionView is a session as the API renders it.
type SessionView struct {
	ID  string `json:"id"`
	Tag string `json:"tag,omitempty"`
}

// Subscriptions is both the request body of addParticipantToSession/updateParticipantSubscriptions
// and the stored, rendered form. The zero value renders as {}.
type Subscriptions struct {
	SessionID    string                    `json:"sessionId,omitempty"`
	Participants []ParticipantSubscription `json:"participants,omitempty"`
}

// ParticipantSubscription subscribes to one participant; no stream aliases means all of them.
type ParticipantSubscription struct {
	ParticipantID string   `json:"participantId"`
	StreamAliases []string `json:"streamAliases,omitempty"`
}

func (s Subscriptions) isEmpty() bool {
	return s.SessionID == "" && len(s.Participants) == 0
}

func (s Subscriptions) clone() Subscriptions {
	out := Subscriptions{SessionID: s.SessionID}
	for _, p := range s.Participants {
		out.Participants = append(out.Participants, ParticipantSubscription{
			ParticipantID: p.ParticipantID,
			StreamAliases: cloneStrings(p.StreamAliases),
		})
	}
	return out
}

func cloneStrings(in []string) []string {
	if in == nil {
		return nil
	}
	return append([]string{}, in...)
}

// createParticipantRequest is spec 2.0.0's CreateParticipantRequest plus the `subscriptions` field
// of older docs. Pointers tell "absent" from "empty"; subscriptions stay raw because spec 2.0.0
// does not know the field and so must not reject whatever is in it.
type createParticipantRequest struct {
	CallbackURL        *string         `json:"callbackUrl"`
	PublishPermissions []string        `json:"publishPermissions"`
	Tag                string          `json:"tag"`
	DeviceAPIVersion   *string         `json:"deviceApiVersion"`
	Subscriptions      json.RawMessage `json:"subscriptions"`
}

type createParticipantResponse struct {
	Participant ParticipantView `json:"participant"`
	Token       string          `json:"token"`
}

type createSessionRequest struct {
	Tag string `json:"tag"`
}

type requestErrorBody struct {
	Error     string `json:"error"`
	RequestID string `json:"requestId"`
}

// messageBody is the API Gateway shape used for 401 and 403.
type messageBody struct {
	Message string `json:"message"`
}

type oauthTokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"`
}

type oauthErrorBody struct {
	Error string `json:"error"`
}
