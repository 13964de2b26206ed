package webrtc

// PublishPermission is what a participant may publish.
type PublishPermission string

const (
	PublishAudio PublishPermission = "AUDIO"
	PublishVideo PublishPermission = "VIDEO"
)

// PublishPermissions lists every value the API accepts, in display order.
var PublishPermissions = []PublishPermission{PublishAudio, PublishVideo}

// DeviceAPIVersionV3 is the only device API version of spec 2.0.0, and its default.
const DeviceAPIVersionV3 = "V3"

// DeviceAPIVersions lists every device API version the API accepts.
var DeviceAPIVersions = []string{DeviceAPIVersionV3}

// MaxTagLength is the documented limit for participant and session tags.
const MaxTagLength = 50

// MaxSessionParticipants is the documented number of participants a session holds.
const MaxSessionParticipants = 20

// Participant is the API's participant object (getParticipant, list items, create response).
type Participant struct {
	ID                 string              `json:"id,omitempty"`
	CallbackURL        *string             `json:"callbackUrl,omitempty"`
	PublishPermissions []PublishPermission `json:"publishPermissions,omitempty"`
	Sessions           []string            `json:"sessions,omitempty"`
	Subscriptions      *Subscriptions      `json:"subscriptions,omitempty"`
	Tag                string              `json:"tag,omitempty"`
	DeviceAPIVersion   string              `json:"deviceApiVersion,omitempty"`
}

// CreateParticipantRequest is the createParticipant body. Subscriptions is not part of
// spec 2.0.0's request schema, but older API versions accepted and applied it.
type CreateParticipantRequest struct {
	CallbackURL        *string             `json:"callbackUrl,omitempty"`
	PublishPermissions []PublishPermission `json:"publishPermissions,omitempty"`
	Subscriptions      *Subscriptions      `json:"subscriptions,omitempty"`
	Tag                string              `json:"tag,omitempty"`
	DeviceAPIVersion   string              `json:"deviceApiVersion,omitempty"`
}

// CreateParticipantResponse carries the participant and its token, which the API
// returns only here.
type CreateParticipantResponse struct {
	Participant Participant `json:"participant"`
	Token       string      `json:"token"`
}

// Session is the API's session object.
type Session struct {
	ID  string `json:"id,omitempty"`
	Tag string `json:"tag,omitempty"`
}

// Subscriptions says what a participant receives in a session. A non-empty
// Participants subscribes to exactly those; otherwise a SessionID subscribes to the
// whole session, later joiners included; neither subscribes to nothing.
type Subscriptions struct {
	SessionID    string                    `json:"sessionId,omitempty"`
	Participants []ParticipantSubscription `json:"participants,omitempty"`
}

// ParticipantSubscription subscribes to one participant; no StreamAliases means all.
type ParticipantSubscription struct {
	ParticipantID string   `json:"participantId"`
	StreamAliases []string `json:"streamAliases,omitempty"`
}

// IsEmpty reports whether s subscribes to nothing.
func (s *Subscriptions) IsEmpty() bool {
	return s == nil || (s.SessionID == "" && len(s.Participants) == 0)
}
