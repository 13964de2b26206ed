package explorer

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// problem is one broken invariant found in a state.
type problem struct {
	invariant string
	detail    string
}

// problems collects what is wrong; the first one names the violation.
type problems []problem

func (ps *problems) add(invariant, format string, args ...any) {
	*ps = append(*ps, problem{invariant, fmt.Sprintf(format, args...)})
}

func (ps problems) violation(step int) *Violation {
	if len(ps) == 0 {
		return nil
	}
	var lines []string
	for i, p := range ps {
		if i == 12 {
			lines = append(lines, fmt.Sprintf("... and %d more", len(ps)-i))
			break
		}
		lines = append(lines, fmt.Sprintf("[%s] %s", p.invariant, p.detail))
	}
	return &Violation{Step: step, Invariant: ps[0].invariant, Detail: strings.Join(lines, "\n")}
}

// checkState checks a state after a successful apply against the mock and the model:
//   - the mock holds exactly the sessions, participants and memberships in state (no orphan,
//     nothing missing), and the subscriptions the state records;
//   - the state holds what the configuration asks for;
//   - every participant has a token, issued for it, and the token store (files under dir) holds
//     exactly the current tokens;
//   - the data sources' outputs agree with the state.
func checkState(m *Model, s *snapshot, mock *webrtcmock.Mock, dir string) problems {
	var ps problems
	for _, addr := range s.deposed {
		ps.add("deposed-object-left", "%s still has a deposed object after a successful apply", addr)
	}
	for _, addr := range s.tainted {
		ps.add("tainted-after-apply", "%s is tainted after a successful apply", addr)
	}
	for _, addr := range s.unknown {
		ps.add("unexpected-resource", "state holds %s, which the configuration does not declare", addr)
	}
	checkMockMatchesState(&ps, s, mock)
	checkStateMatchesModel(&ps, m, s)
	checkTokens(&ps, m, s, dir)
	checkOutputs(&ps, m, s)
	return ps
}

func checkMockMatchesState(ps *problems, s *snapshot, mock *webrtcmock.Mock) {
	compareSets(ps, "session", ids(s.sessions, "id"), mock.SessionIDs())
	compareSets(ps, "participant", ids(s.participants, "id"), mock.ParticipantIDs())

	var inMock []string
	for sessionID, members := range mock.Memberships() {
		for _, pid := range members {
			inMock = append(inMock, sessionID+"/"+pid)
		}
	}
	sort.Strings(inMock)
	compareSets(ps, "membership", ids(s.memberships, "id"), inMock)

	check := func(owner string, participantID string, a attrs) {
		sessionID, want, ok := subscriptionsOf(a)
		if !ok || participantID == "" {
			return
		}
		got, found := mock.StoredSubscriptions(participantID, sessionID)
		var gotIDs []string
		for _, p := range got.Participants {
			gotIDs = append(gotIDs, p.ParticipantID)
		}
		slices.Sort(gotIDs)
		switch {
		case !found:
			ps.add("subscriptions-missing", "%s: state has subscriptions for session %s, the mock has none", owner, sessionID)
		case !slices.Equal(gotIDs, want):
			ps.add("subscriptions-drift", "%s: state subscribes to %v in session %s, the mock holds %v", owner, want, sessionID, gotIDs)
		}
	}
	for name, a := range s.participants {
		check("bandwidth_webrtc_participant."+name, a.str("id"), a)
	}
	for name, a := range s.memberships {
		check("bandwidth_webrtc_session_participant."+name, a.str("participant_id"), a)
	}
}

func compareSets(ps *problems, what string, state, mock []string) {
	for _, id := range mock {
		if !slices.Contains(state, id) {
			ps.add("orphan-"+what, "the mock holds %s %s, which is in no state", what, id)
		}
	}
	for _, id := range state {
		if !slices.Contains(mock, id) {
			ps.add("missing-"+what, "state holds %s %s, which the mock does not have", what, id)
		}
	}
	seen := map[string]bool{}
	for _, id := range state {
		if seen[id] {
			ps.add("duplicate-"+what, "state holds %s %s twice", what, id)
		}
		seen[id] = true
	}
}

func checkStateMatchesModel(ps *problems, m *Model, s *snapshot) {
	for _, env := range m.EnvNames() {
		a, ok := s.sessions[env]
		switch {
		case !ok:
			ps.add("state-config-mismatch", "bandwidth_webrtc_session.%s is configured but not in state", env)
		case a.str("tag") != m.Envs[env].SessionTag:
			ps.add("state-config-mismatch", "bandwidth_webrtc_session.%s: tag %q in state, %q configured", env, a.str("tag"), m.Envs[env].SessionTag)
		}
	}
	for env := range s.sessions {
		if m.Envs[env] == nil {
			ps.add("state-config-mismatch", "bandwidth_webrtc_session.%s is in state but no longer configured", env)
		}
	}
	for name := range s.participants {
		if m.Participants[name] == nil {
			ps.add("state-config-mismatch", "bandwidth_webrtc_participant.%s is in state but no longer configured", name)
		}
	}
	for name := range s.memberships {
		if p := m.Participants[name]; p == nil || !p.Member {
			ps.add("state-config-mismatch", "bandwidth_webrtc_session_participant.%s is in state but no longer configured", name)
		}
	}
	idOf := func(name string) string { return s.participants[name].str("id") }
	wantSubs := func(sub Subs, env string) (string, []string) {
		var of []string
		for _, n := range sub.Of {
			of = append(of, idOf(n))
		}
		slices.Sort(of)
		return s.sessions[env].str("id"), of
	}
	for _, name := range m.ParticipantNames() {
		p := m.Participants[name]
		a, ok := s.participants[name]
		if !ok {
			ps.add("state-config-mismatch", "bandwidth_webrtc_participant.%s is configured but not in state", name)
			continue
		}
		addr := "bandwidth_webrtc_participant." + name
		if a.str("tag") != p.Tag {
			ps.add("state-config-mismatch", "%s: tag %q in state, %q configured", addr, a.str("tag"), p.Tag)
		}
		if p.Perms != nil && !sameStrings(a["publish_permissions"], p.Perms) {
			ps.add("state-config-mismatch", "%s: publish_permissions %v in state, %v configured", addr, a["publish_permissions"], p.Perms)
		}
		if a.str("renew_before") != p.RenewBefore {
			ps.add("state-config-mismatch", "%s: renew_before %q in state, %q configured", addr, a.str("renew_before"), p.RenewBefore)
		}
		checkSubs(ps, addr, a, p.OwnSubs, p.Env, wantSubs)
		if !p.Member {
			continue
		}
		maddr := "bandwidth_webrtc_session_participant." + name
		ma, ok := s.memberships[name]
		if !ok {
			ps.add("state-config-mismatch", "%s is configured but not in state", maddr)
			continue
		}
		if ma.str("session_id") != s.sessions[p.Env].str("id") || ma.str("participant_id") != a.str("id") {
			ps.add("state-config-mismatch", "%s joins %s to %s in state; configured: participant %s to session %s",
				maddr, ma.str("participant_id"), ma.str("session_id"), a.str("id"), s.sessions[p.Env].str("id"))
		}
		checkSubs(ps, maddr, ma, p.MemberSubs, p.Env, wantSubs)
	}
}

func checkSubs(ps *problems, addr string, a attrs, want Subs, env string, expected func(Subs, string) (string, []string)) {
	sessionID, participants, ok := subscriptionsOf(a)
	if want.Mode == SubsNone {
		if ok {
			ps.add("state-config-mismatch", "%s: subscriptions in state, none configured", addr)
		}
		return
	}
	wantSession, wantParticipants := expected(want, env)
	switch {
	case !ok:
		ps.add("state-config-mismatch", "%s: no subscriptions in state, %s configured", addr, want)
	case sessionID != wantSession:
		ps.add("state-config-mismatch", "%s: subscriptions.session_id %s in state, session %s (%s) configured", addr, sessionID, env, wantSession)
	case !slices.Equal(participants, wantParticipants):
		ps.add("state-config-mismatch", "%s: subscribed participants %v in state, %v configured", addr, participants, wantParticipants)
	}
}

func sameStrings(v any, want []string) bool {
	list, _ := v.([]any)
	var got []string
	for _, item := range list {
		s, _ := item.(string)
		got = append(got, s)
	}
	got, want = slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))
	return slices.Equal(got, want)
}

// checkTokens: every participant Terraform created has a token issued for it, and the token
// store holds exactly the current tokens, by environment.
func checkTokens(ps *problems, m *Model, s *snapshot, dir string) {
	checkParticipantTokens(ps, s)
	checkTokenStore(ps, m, s, dir)
}

// checkParticipantTokens: every participant in state has a token, with its expiry, issued for it.
// No detail ever holds a token.
func checkParticipantTokens(ps *problems, s *snapshot) {
	for name, a := range s.participants {
		addr := "bandwidth_webrtc_participant." + name
		token := a.str("token")
		if token == "" {
			ps.add("missing-token", "%s has no token in state", addr)
			continue
		}
		if a.str("token_expires_at") == "" {
			ps.add("missing-token", "%s has a token but no token_expires_at", addr)
		}
		if owner := tokenParticipant(token); owner != a.str("id") {
			ps.add("token-mismatch", "%s (id %s) holds a token issued for participant %q", addr, a.str("id"), owner)
		}
	}
}

// checkTokenStore: the token store (module.token_store, and its files under dir) holds exactly
// the current tokens, by environment.
func checkTokenStore(ps *problems, m *Model, s *snapshot, dir string) {
	wantFiles := map[string]bool{}
	for _, env := range m.EnvNames() {
		stored := s.secrets[env]
		for _, p := range m.ParticipantsIn(env) {
			secret, ok := stored[p.Name]
			if !ok {
				ps.add("token-store-stale", "module.token_store[%q] holds no secret for %s", env, p.Name)
				continue
			}
			file, _ := secret["file"].(string)
			if !filepath.IsAbs(file) {
				file = filepath.Join(dir, file)
			}
			wantFiles[filepath.Base(file)] = true
			content, err := os.ReadFile(file)
			switch {
			case err != nil:
				ps.add("token-store-stale", "module.token_store[%q]: the secret of %s was not written: %v", env, p.Name, err)
			case string(content) != s.participants[p.Name].str("token"):
				ps.add("token-store-stale", "module.token_store[%q] holds another token for %s than its participant's current one", env, p.Name)
			}
		}
		for name := range stored {
			if p := m.Participants[name]; p == nil || p.Env != env {
				ps.add("token-store-stale", "module.token_store[%q] still holds a secret for %s", env, name)
			}
		}
	}
	for env := range s.secrets {
		if m.Envs[env] == nil {
			ps.add("token-store-stale", "module.token_store[%q] is in state but the environment is gone", env)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(dir, tokenStoreFiles))
	for _, e := range entries {
		if !wantFiles[e.Name()] {
			ps.add("token-store-stale", "the token store still has the file %s, of a secret no longer in state", e.Name())
		}
	}
}

// tokenClaims are the claims of a participant token the checks need (not verified: the mock
// signs it).
type tokenClaims struct {
	p        string
	iat, exp time.Time
}

func parseToken(token string) tokenClaims {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return tokenClaims{}
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return tokenClaims{}
	}
	var claims struct {
		P   string `json:"p"`
		Iat int64  `json:"iat"`
		Exp int64  `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil {
		return tokenClaims{}
	}
	c := tokenClaims{p: claims.P}
	if claims.Iat > 0 {
		c.iat = time.Unix(claims.Iat, 0)
	}
	if claims.Exp > 0 {
		c.exp = time.Unix(claims.Exp, 0)
	}
	return c
}

// tokenParticipant is the `p` claim of a participant token.
func tokenParticipant(token string) string { return parseToken(token).p }

// checkOutputs: the session data source reads what the state holds.
func checkOutputs(ps *problems, m *Model, s *snapshot) {
	tags := s.outputMap("session_tags")
	for _, env := range m.EnvNames() {
		if tags[env] != m.Envs[env].SessionTag {
			ps.add("data-source-stale", "data.bandwidth_webrtc_session.%s reads tag %q, the session's is %q", env, tags[env], m.Envs[env].SessionTag)
		}
	}
}
