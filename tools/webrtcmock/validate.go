package webrtcmock

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
)

const maxTagLength = 50

// isUUID accepts only the canonical 36-character form: uuid.Parse alone would also take
// "urn:uuid:", braces and undashed hex, which the API never hands out.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}

func validatePathIDs(p pathParams) error {
	if p.sessionID != "" && !isUUID(p.sessionID) {
		return badRequest("sessionId %q is not a valid UUID", p.sessionID)
	}
	if p.participantID != "" && !isUUID(p.participantID) {
		return badRequest("participantId %q is not a valid UUID", p.participantID)
	}
	return nil
}

func validateTag(tag string) error {
	if utf8.RuneCountInString(tag) > maxTagLength {
		return badRequest("tag must be at most %d characters", maxTagLength)
	}
	return nil
}

var publishPermissionValues = []string{"AUDIO", "VIDEO"}

// normalizePublishPermissions keeps the order sent. The API's default for an omitted field is
// undocumented; the mock answers both, the least surprising choice. An explicit [] stays empty.
func normalizePublishPermissions(sent []string) ([]string, error) {
	if sent == nil {
		return slices.Clone(publishPermissionValues), nil
	}
	out := make([]string, 0, len(sent))
	for _, p := range sent {
		if !slices.Contains(publishPermissionValues, p) {
			return nil, badRequest("publishPermissions: %q is not one of AUDIO, VIDEO", p)
		}
		if slices.Contains(out, p) {
			return nil, badRequest("publishPermissions: %q is listed more than once", p)
		}
		out = append(out, p)
	}
	return out, nil
}

// normalizeDeviceAPIVersion accepts V3 in either case (samples send "v3") and answers "V3".
// Spec 2.0.0 removed V2, so it is refused like any other value.
func normalizeDeviceAPIVersion(sent *string) (string, error) {
	if sent == nil || strings.EqualFold(*sent, "V3") {
		return "V3", nil
	}
	if strings.EqualFold(*sent, "V2") {
		return "", badRequest("deviceApiVersion V2 is no longer supported; the only value is V3")
	}
	return "", badRequest("deviceApiVersion %q is not supported; the only value is V3", *sent)
}

func validateParticipantSubscriptions(subs []ParticipantSubscription) error {
	for i, s := range subs {
		if s.ParticipantID == "" {
			return badRequest("participants[%d].participantId is required", i)
		}
		if !isUUID(s.ParticipantID) {
			return badRequest("participants[%d].participantId %q is not a valid UUID", i, s.ParticipantID)
		}
		for j, alias := range s.StreamAliases {
			if slices.Contains(s.StreamAliases[:j], alias) {
				return badRequest("participants[%d].streamAliases: %q is listed more than once", i, alias)
			}
		}
	}
	return nil
}
