package provider

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// envMockVariant reports whether WEBRTCMOCK_VARIANT (see mockVariantsFromEnv) names v. The
// helpers below use it to check the mock's state as the mock, under that variant, reads it back.
func envMockVariant(v webrtcmock.Variant) bool {
	for _, name := range strings.Split(os.Getenv("WEBRTCMOCK_VARIANT"), ",") {
		if webrtcmock.Variant(strings.TrimSpace(name)) == v {
			return true
		}
	}
	return false
}

// readBackAs is want as getParticipantSubscriptions answers it for participantID under the
// variants in WEBRTCMOCK_VARIANT: what a test checks is that the mock holds want, and these
// variants change only how a holding is read back.
//   - session-subscription-expanded: a whole-session subscription lists the session's other
//     current members (read from the API);
//   - no-stream-aliases-echo: stream aliases are not read back.
func readBackAs(api *webrtc.Client, sessionID, participantID string, want *webrtc.Subscriptions) (*webrtc.Subscriptions, error) {
	if want.IsEmpty() {
		return want, nil
	}
	out := &webrtc.Subscriptions{SessionID: want.SessionID}
	for _, p := range want.Participants {
		p.StreamAliases = slices.Clone(p.StreamAliases)
		out.Participants = append(out.Participants, p)
	}
	if envMockVariant(webrtcmock.VariantSessionSubscriptionExpanded) && len(out.Participants) == 0 {
		members, err := api.ListSessionParticipants(context.Background(), sessionID)
		if err != nil {
			return nil, err
		}
		for _, m := range members {
			if !sameID(m.ID, participantID) {
				out.Participants = append(out.Participants, webrtc.ParticipantSubscription{ParticipantID: m.ID})
			}
		}
	}
	if envMockVariant(webrtcmock.VariantNoStreamAliasesEcho) {
		for i := range out.Participants {
			out.Participants[i].StreamAliases = nil
		}
	}
	return out, nil
}

// requireSubscriptionsWithoutMembership skips a test that subscribes a participant in no session,
// when WEBRTCMOCK_VARIANT makes the API refuse that (subscriptions-need-membership).
// TestAccVariants_participant checks the diagnostic the provider gives then.
func requireSubscriptionsWithoutMembership(t interface{ Skip(...any) }) {
	if envMockVariant(webrtcmock.VariantSubscriptionsNeedMembership) {
		t.Skip("mock variant subscriptions-need-membership: the API refuses subscriptions for a participant in no session, " +
			"which this test relies on; TestAccVariants_participant covers the diagnostic")
	}
}

// requireStreamAliasesEcho skips a test that changes stream aliases outside Terraform and expects
// the next plan to show it, when the mock runs with no-stream-aliases-echo: that API reads
// subscriptions back without streamAliases, so keeping the configured aliases is right there and
// no change can be seen. TestAccVariants_participant covers that variant.
func requireStreamAliasesEcho(t *testing.T, m *accMock) {
	t.Helper()
	if m.HasVariant(webrtcmock.VariantNoStreamAliasesEcho) {
		t.Skip("SKIPPED UNDER MOCK VARIANT no-stream-aliases-echo: the API does not echo stream aliases, so aliases " +
			"changed outside Terraform cannot show in a plan and the provider rightly keeps the configured ones; " +
			"TestAccVariants_participant covers that variant")
	}
}
