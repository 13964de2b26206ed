package webrtcmock

import (
	"net/http"

	"github.com/google/uuid"
)

type participantState struct {
	id                 string
	callbackURL        *string
	publishPermissions []string
	tag                string
	deviceAPIVersion   string
	session            string                         // "" when in no session; the API caps membership at one
	subscriptions      map[string]storedSubscriptions // by session id ("" for legacy creates without one)
}

type storedSubscriptions struct {
	value    Subscriptions
	sequence uint64
}

func (m *Mock) newParticipantState(req createParticipantRequest) (*participantState, error) {
	permissions, err := normalizePublishPermissions(req.PublishPermissions)
	if err != nil {
		return nil, err
	}
	if req.PublishPermissions == nil {
		switch {
		case m.HasVariant(VariantEmptyPermissions):
			permissions = []string{}
		case m.HasVariant(VariantAbsentPermissions):
			permissions = nil // rendered absent
		}
	}
	version, err := normalizeDeviceAPIVersion(req.DeviceAPIVersion)
	if err != nil {
		return nil, err
	}
	if err := validateTag(req.Tag); err != nil {
		return nil, err
	}
	p := &participantState{
		id:                 uuid.NewString(),
		callbackURL:        req.CallbackURL,
		publishPermissions: permissions,
		tag:                req.Tag,
		deviceAPIVersion:   version,
		subscriptions:      map[string]storedSubscriptions{},
	}
	if p.tag == "" && m.HasVariant(VariantGeneratedTag) {
		p.tag = generatedTag("participant", p.id)
	}
	return p, nil
}

// createParticipant makes a new participant on every call: identical bodies give distinct ids,
// as Bandwidth's samples rely on. Every step that can fail runs before any state changes.
func (m *Mock) createParticipant(c *call) response {
	var req createParticipantRequest
	if err := decodeBody(c.body, &req); err != nil {
		return c.fail(err)
	}
	p, err := m.newParticipantState(req)
	if err != nil {
		return c.fail(err)
	}
	token, err := m.participantToken(p.id)
	if err != nil {
		return c.fail(err)
	}
	if m.legacySubscriptions {
		if err := m.applyCreateSubscriptionsLocked(p, req.Subscriptions); err != nil {
			return c.fail(err)
		}
	}
	m.participants[p.id] = p
	m.counters.participantsCreated++
	return jsonResponse(http.StatusOK, createParticipantResponse{
		Participant: m.participantViewLocked(p),
		Token:       token,
	})
}

// applyCreateSubscriptionsLocked is the pre-2.0 behaviour shown in the seed docs: subscriptions
// sent on create are stored, and their session is joined. An unknown session is a 400 (create
// documents no 404); a full one is the same 409 as addParticipantToSession.
func (m *Mock) applyCreateSubscriptionsLocked(p *participantState, raw []byte) error {
	var body Subscriptions
	if err := decodeBody(raw, &body); err != nil {
		return err
	}
	subs, err := resolveSubscriptions(body, "")
	if err != nil {
		return err
	}
	if subs.SessionID != "" {
		s, ok := m.sessions[subs.SessionID]
		if !ok {
			return badRequest("subscriptions.sessionId: session %s not found", subs.SessionID)
		}
		if err := m.joinLocked(p, s); err != nil {
			return err
		}
	}
	m.storeSubscriptionsLocked(p, subs.SessionID, subs)
	return nil
}

func (m *Mock) getParticipant(c *call) response {
	p, err := m.participantLocked(c.params.participantID)
	if err != nil {
		return c.fail(err)
	}
	return jsonResponse(http.StatusOK, m.participantViewLocked(p))
}

func (m *Mock) deleteParticipant(c *call) response {
	if !m.deleteParticipantLocked(c.params.participantID) {
		return c.fail(participantNotFound(c.params.participantID))
	}
	return noContent()
}

func (m *Mock) deleteParticipantLocked(id string) bool {
	p, ok := m.participants[id]
	if !ok {
		return false
	}
	if s, ok := m.sessions[p.session]; ok {
		m.leaveLocked(p, s)
	}
	delete(m.participants, id)
	return true
}

func (m *Mock) participantLocked(id string) (*participantState, error) {
	p, ok := m.participants[id]
	if !ok {
		return nil, participantNotFound(id)
	}
	return p, nil
}

func participantNotFound(id string) error {
	return errorf(http.StatusNotFound, "participant %s not found", id)
}

// participantViewLocked renders p as the API does. Its `subscriptions` are those for the
// session it is in; outside a session, the ones written last (if any).
func (m *Mock) participantViewLocked(p *participantState) ParticipantView {
	view := ParticipantView{
		ID:                     p.id,
		PublishPermissions:     cloneStrings(p.publishPermissions),
		Sessions:               []string{},
		Tag:                    p.tag,
		DeviceAPIVersion:       p.deviceAPIVersion,
		omitPublishPermissions: p.publishPermissions == nil,
	}
	if p.callbackURL != nil {
		url := *p.callbackURL
		view.CallbackURL = &url
	}
	if p.session != "" {
		view.Sessions = []string{p.session}
		view.Subscriptions = m.renderSubscriptionsLocked(p, p.subscriptions[p.session].value)
	} else {
		view.Subscriptions = m.renderSubscriptionsLocked(p, latestSubscriptions(p))
	}
	return view
}

func latestSubscriptions(p *participantState) Subscriptions {
	var latest storedSubscriptions
	for _, stored := range p.subscriptions {
		if stored.sequence > latest.sequence {
			latest = stored
		}
	}
	return latest.value
}
