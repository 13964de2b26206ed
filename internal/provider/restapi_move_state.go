package provider

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/validate"
	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

// State moved here with a `moved` block from Mastercard/terraform-provider-restapi's
// restapi_object (v2 on SDKv2 and v3 on the framework write the same attribute names, schema
// version 0). The source state is read from its raw JSON, tolerating attributes either version
// lacks or adds, so no copy of restapi's schema has to be kept in step with it.

const (
	restapiProviderType = "restapi"
	restapiResourceType = "restapi_object"
)

// restapiKind is which Bandwidth WebRTC object a restapi_object manages, told from its path.
type restapiKind int

const (
	restapiNotWebRTC restapiKind = iota
	restapiParticipant
	restapiSession
	restapiMembership
)

func (k restapiKind) String() string {
	switch k {
	case restapiParticipant:
		return "participant"
	case restapiSession:
		return "session"
	case restapiMembership:
		return "membership"
	}
	return "not a Bandwidth WebRTC object"
}

// targetType is the bandwidth resource type a restapi_object of this kind moves to.
func (k restapiKind) targetType() string {
	switch k {
	case restapiParticipant:
		return "bandwidth_webrtc_participant"
	case restapiSession:
		return "bandwidth_webrtc_session"
	case restapiMembership:
		return "bandwidth_webrtc_session_participant"
	}
	return ""
}

// The fields each kind's `data` may carry: the API's fields, camelCase, those of its answers
// included (restapi writes the answer into `data` at import, and at every refresh unless told to
// ignore server changes). Anything else means the object belongs to another API that happens to
// use the same path.
var restapiDataFields = map[restapiKind][]string{
	restapiParticipant: {"callbackUrl", "deviceApiVersion", "id", "publishPermissions", "sessions", "subscriptions", "tag"},
	restapiSession:     {"id", "tag"},
	restapiMembership:  {"participantId", "participants", "sessionId"},
}

// restapiObjectState is the part of a restapi_object's state a move needs.
type restapiObjectState struct {
	ID             string
	ObjectID       string
	Path           string
	CreatePath     string
	ReadPath       string
	Data           json.RawMessage // the configured JSON object
	CreateResponse json.RawMessage // the create answer; for a participant the only copy of its token
	APIResponse    json.RawMessage // the last read
}

// isRestapiObjectSource reports whether a move request comes from restapi_object, whatever the
// registry host and namespace of the provider (Terraform and OpenTofu send different hosts, some
// versions only the type).
func isRestapiObjectSource(req resource.MoveStateRequest) bool {
	if req.SourceTypeName != restapiResourceType {
		return false
	}
	addr := req.SourceProviderAddress
	return strings.EqualFold(addr[strings.LastIndex(addr, "/")+1:], restapiProviderType)
}

// parseRestapiObject reads the raw source state. Strings holding JSON (v3 and v2 both store
// `data`, `create_response` and `api_response` as strings) are unwrapped; an object given as an
// object is taken as it is.
func parseRestapiObject(req resource.MoveStateRequest) (restapiObjectState, error) {
	var o restapiObjectState
	if req.SourceRawState == nil || len(req.SourceRawState.JSON) == 0 {
		return o, errors.New("terraform sent no state in JSON form for it")
	}
	var attrs map[string]json.RawMessage
	if err := json.Unmarshal(req.SourceRawState.JSON, &attrs); err != nil {
		return o, fmt.Errorf("its state is not a JSON object: %w", err)
	}
	var err error
	str := func(name string) string {
		if err != nil {
			return ""
		}
		var s *string
		if raw, ok := attrs[name]; ok {
			if e := json.Unmarshal(raw, &s); e != nil {
				err = fmt.Errorf("its %s is not a string", name)
			}
		}
		if s == nil {
			return ""
		}
		return *s
	}
	jsonValue := func(name string) json.RawMessage {
		if err != nil {
			return nil
		}
		raw := bytes.TrimSpace(attrs[name])
		if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
			return nil
		}
		if raw[0] == '"' {
			var s string
			if e := json.Unmarshal(raw, &s); e != nil {
				err = fmt.Errorf("its %s is not a string", name)
				return nil
			}
			raw = bytes.TrimSpace([]byte(s))
			if len(raw) == 0 {
				return nil
			}
		}
		if !json.Valid(raw) {
			err = fmt.Errorf("its %s does not hold JSON", name)
			return nil
		}
		return raw
	}
	o.ID = str("id")
	o.ObjectID = str("object_id")
	o.Path = str("path")
	o.CreatePath = str("create_path")
	o.ReadPath = str("read_path")
	o.Data = jsonValue("data")
	o.CreateResponse = jsonValue("create_response")
	o.APIResponse = jsonValue("api_response")
	return o, err
}

// objectID is the id restapi knows the object by: object_id when the user set it, else the id
// it learned at create.
func (o restapiObjectState) objectID() string {
	if o.ObjectID != "" {
		return o.ObjectID
	}
	return o.ID
}

const uuidPattern = `[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}`

// restapiPath matches a Bandwidth WebRTC collection path. restapi's `uri` usually ends with the
// account path (…/v1/accounts/<id>), but it may stop earlier and leave that prefix in `path`.
var restapiPath = regexp.MustCompile(`^(?:/api)?(?:/v1)?(?:/accounts/[^/]+)?/(participants|sessions|sessions/(` + uuidPattern + `)/participants)$`)

// kind tells participant, session and membership apart from the path, and returns the
// membership's session id.
func (o restapiObjectState) kind() (restapiKind, string) {
	p := o.Path
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	p = strings.TrimRight(p, "/")
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	m := restapiPath.FindStringSubmatch(p)
	switch {
	case m == nil:
		return restapiNotWebRTC, ""
	case m[1] == "participants":
		return restapiParticipant, ""
	case m[1] == "sessions":
		return restapiSession, ""
	default:
		return restapiMembership, m[2]
	}
}

// addRestapiRefusal refuses a move: why, and what to do instead.
func addRestapiRefusal(diags *diag.Diagnostics, target string, why string) {
	diags.AddError("Cannot move this restapi_object to "+target,
		why+"\n\nNothing was changed. Remove the moved block for this object and keep managing it with the restapi "+
			"provider; if it is a Bandwidth WebRTC object after all, bring it in with an import block instead (a "+
			"participant's token cannot be recovered that way), and then remove it from restapi's management with "+
			"terraform state rm (or a removed block).")
}

// classifyRestapiObject parses the source and checks that it is a Bandwidth WebRTC object of the
// kind want. Anything else is refused with a diagnostic; ok is false then.
func classifyRestapiObject(req resource.MoveStateRequest, want restapiKind, diags *diag.Diagnostics) (o restapiObjectState, sessionID string, ok bool) {
	target := want.targetType()
	o, err := parseRestapiObject(req)
	if err != nil {
		addRestapiRefusal(diags, target, "The restapi_object's state cannot be read: "+err.Error()+".")
		return o, "", false
	}
	kind, sessionID := o.kind()
	if kind == restapiNotWebRTC {
		addRestapiRefusal(diags, target, fmt.Sprintf("This restapi_object is not a Bandwidth WebRTC object: its path is %q, "+
			"and Bandwidth WebRTC objects live at /participants (a participant), /sessions (a session) or "+
			"/sessions/<session id>/participants (a participant's membership of a session).", o.Path))
		return o, "", false
	}
	if kind != want {
		diags.AddError("Cannot move this restapi_object to "+target,
			fmt.Sprintf("This restapi_object manages a Bandwidth WebRTC %s (its path is %q), not a %s. Point the moved block's "+
				"`to` at a %s resource instead. Nothing was changed.", kind, o.Path, want, kind.targetType()))
		return o, "", false
	}
	if id := o.objectID(); validate.CheckUUID(id) != nil {
		addRestapiRefusal(diags, target, fmt.Sprintf("This restapi_object's id is %q, but Bandwidth WebRTC ids are UUIDs, "+
			"so it belongs to another API that uses the path %q.", id, o.Path))
		return o, "", false
	}
	if unknown := unknownDataFields(o.Data, restapiDataFields[want]); len(unknown) > 0 {
		addRestapiRefusal(diags, target, fmt.Sprintf("This restapi_object's data has fields a Bandwidth WebRTC %s does not have (%s), "+
			"so it belongs to another API that uses the path %q. A %s's data holds only %s.",
			want, strings.Join(unknown, ", "), o.Path, want, strings.Join(restapiDataFields[want], ", ")))
		return o, "", false
	}
	return o, sessionID, true
}

// unknownDataFields lists the top-level keys of data outside allowed; data that is not an object
// counts as one unknown field.
func unknownDataFields(data json.RawMessage, allowed []string) []string {
	if data == nil {
		return nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return []string{"(data is not a JSON object)"}
	}
	var unknown []string
	for k := range fields {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	return unknown
}

// restapiParticipantAnswer is a participant create answer ({"participant":{...},"token":"..."})
// or a participant read answer (the participant alone).
type restapiParticipantAnswer struct {
	Participant *webrtc.Participant
	Token       string
}

func parseParticipantAnswer(raw json.RawMessage) (restapiParticipantAnswer, error) {
	var a restapiParticipantAnswer
	if raw == nil {
		return a, nil
	}
	var wrapped struct {
		Participant *webrtc.Participant `json:"participant"`
		Token       *string             `json:"token"`
	}
	if err := json.Unmarshal(raw, &wrapped); err != nil {
		return a, err
	}
	if wrapped.Token != nil {
		a.Token = *wrapped.Token
	}
	if wrapped.Participant != nil {
		a.Participant = wrapped.Participant
		return a, nil
	}
	var flat webrtc.Participant
	if err := json.Unmarshal(raw, &flat); err != nil {
		return a, err
	}
	if flat.ID != "" {
		a.Participant = &flat
	}
	return a, nil
}

// restapiParticipantSource is what a participant's restapi_object holds: the participant as last known
// (last read, else the create answer, else the configured data), its token (empty when the
// create answer is gone) and the subscriptions its data asked for.
type restapiParticipantSource struct {
	Participant   webrtc.Participant
	Token         string
	Subscriptions *webrtc.Subscriptions
}

func participantFromRestapi(o restapiObjectState) (restapiParticipantSource, error) {
	var src restapiParticipantSource
	created, err := parseParticipantAnswer(o.CreateResponse)
	if err != nil {
		return src, fmt.Errorf("its create_response is not a Bandwidth WebRTC participant answer: %w", err)
	}
	read, err := parseParticipantAnswer(o.APIResponse)
	if err != nil {
		return src, fmt.Errorf("its api_response is not a Bandwidth WebRTC participant: %w", err)
	}
	var configured struct {
		webrtc.Participant
		ID            string                `json:"id"`
		Subscriptions *webrtc.Subscriptions `json:"subscriptions"`
	}
	if o.Data != nil {
		if err := json.Unmarshal(o.Data, &configured); err != nil {
			return src, fmt.Errorf("its data is not a Bandwidth WebRTC participant: %w", err)
		}
	}
	switch {
	case read.Participant != nil:
		src.Participant = *read.Participant
	case created.Participant != nil:
		src.Participant = *created.Participant
	default:
		src.Participant = configured.Participant
		src.Participant.ID = configured.ID
	}
	id := o.objectID()
	if src.Participant.ID != "" && !sameID(src.Participant.ID, id) {
		return src, fmt.Errorf("its id is %s, but the participant it holds is %s", id, src.Participant.ID)
	}
	src.Participant.ID = id
	// The token is only in the create answer; restapi v2 (and v3 with sensitive data) also
	// keeps that answer as api_response.
	src.Token = created.Token
	if src.Token == "" {
		src.Token = read.Token
	}
	// Subscriptions are taken only as configured: data holding the participant's id is restapi's
	// copy of a read, whose subscriptions may be another resource's (a membership's) to manage.
	if configured.ID == "" && !configured.Subscriptions.IsEmpty() {
		src.Subscriptions = configured.Subscriptions
	}
	return src, nil
}

// sessionFromRestapi returns the session and whether its data set a tag: a session created
// without one keeps a null tag, whatever the server answered, as Read keeps it.
func sessionFromRestapi(o restapiObjectState) (s webrtc.Session, tagged bool, err error) {
	for _, c := range []struct {
		name string
		raw  json.RawMessage
	}{{"api_response", o.APIResponse}, {"create_response", o.CreateResponse}, {"data", o.Data}} {
		if c.raw == nil {
			continue
		}
		var got webrtc.Session
		if err := json.Unmarshal(c.raw, &got); err != nil {
			return s, false, fmt.Errorf("its %s is not a Bandwidth WebRTC session: %w", c.name, err)
		}
		if got.ID != "" && !sameID(got.ID, o.objectID()) {
			return s, false, fmt.Errorf("its id is %s, but its %s holds session %s", o.objectID(), c.name, got.ID)
		}
		s = got
		break
	}
	s.ID = o.objectID()
	tagged = s.Tag != ""
	if o.Data != nil {
		var configured webrtc.Session
		if err := json.Unmarshal(o.Data, &configured); err != nil {
			return s, false, fmt.Errorf("its data is not a Bandwidth WebRTC session: %w", err)
		}
		tagged = configured.Tag != ""
		if s.Tag == "" {
			s.Tag = configured.Tag
		}
	}
	return s, tagged, nil
}

// restapiMembershipSource is a membership's restapi_object: PUT /sessions/<id>/participants/<id>
// with data {"participantId","sessionId"} and, when the user subscribed explicitly, "participants".
type restapiMembershipSource struct {
	SessionID     string
	ParticipantID string
	Subscriptions *webrtc.Subscriptions
}

func membershipFromRestapi(o restapiObjectState, sessionID string) (restapiMembershipSource, error) {
	m := restapiMembershipSource{SessionID: sessionID, ParticipantID: o.objectID()}
	if o.Data == nil {
		return m, nil
	}
	var data struct {
		ParticipantID string                           `json:"participantId"`
		SessionID     string                           `json:"sessionId"`
		Participants  []webrtc.ParticipantSubscription `json:"participants"`
	}
	if err := json.Unmarshal(o.Data, &data); err != nil {
		return m, fmt.Errorf("its data is not a Bandwidth WebRTC membership: %w", err)
	}
	if data.SessionID != "" && !sameID(data.SessionID, sessionID) {
		return m, fmt.Errorf("its path names session %s, but its data names session %s", sessionID, data.SessionID)
	}
	if data.ParticipantID != "" && !sameID(data.ParticipantID, m.ParticipantID) {
		return m, fmt.Errorf("its id is %s, but its data names participant %s", m.ParticipantID, data.ParticipantID)
	}
	if len(data.Participants) > 0 {
		m.Subscriptions = &webrtc.Subscriptions{SessionID: sessionID, Participants: data.Participants}
	}
	return m, nil
}
