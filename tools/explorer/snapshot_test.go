package explorer

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"

	tfjson "github.com/hashicorp/terraform-json"
)

// attrs are one object's attribute values as `terraform show -json` renders them.
type attrs map[string]any

func (a attrs) str(name string) string {
	s, _ := a[name].(string)
	return s
}

// snapshot is the state after an apply, indexed by model name.
type snapshot struct {
	sessions     map[string]attrs            // by environment
	participants map[string]attrs            // by participant name
	memberships  map[string]attrs            // by participant name
	secrets      map[string]map[string]attrs // token store: environment -> participant -> terraform_data input
	outputs      map[string]any
	deposed      []string            // addresses with a deposed object
	deposedIDs   map[string][]string // the ids of deposed objects, by resource type
	tainted      []string
	unknown      []string // managed resources the model does not know
}

var moduleKey = regexp.MustCompile(`^module\.token_store\["([^"]+)"\]$`)

func newSnapshot(state *tfjson.State) (*snapshot, error) {
	s := &snapshot{
		sessions:     map[string]attrs{},
		participants: map[string]attrs{},
		memberships:  map[string]attrs{},
		secrets:      map[string]map[string]attrs{},
		outputs:      map[string]any{},
		deposedIDs:   map[string][]string{},
	}
	if state == nil || state.Values == nil {
		return s, nil
	}
	for name, out := range state.Values.Outputs {
		s.outputs[name] = out.Value
	}
	var walk func(m *tfjson.StateModule) error
	walk = func(m *tfjson.StateModule) error {
		if m == nil {
			return nil
		}
		for _, r := range m.Resources {
			if r.Mode != tfjson.ManagedResourceMode {
				continue
			}
			if r.DeposedKey != "" {
				s.deposed = append(s.deposed, r.Address)
				if id, _ := r.AttributeValues["id"].(string); id != "" {
					s.deposedIDs[r.Type] = append(s.deposedIDs[r.Type], id)
				}
				continue
			}
			if r.Tainted {
				s.tainted = append(s.tainted, r.Address)
			}
			if err := s.add(m.Address, r); err != nil {
				return err
			}
		}
		for _, child := range m.ChildModules {
			if err := walk(child); err != nil {
				return err
			}
		}
		return nil
	}
	return s, walk(state.Values.RootModule)
}

func (s *snapshot) add(module string, r *tfjson.StateResource) error {
	a := attrs(r.AttributeValues)
	if module == "" {
		var into map[string]attrs
		switch r.Type {
		case "bandwidth_webrtc_session":
			into = s.sessions
		case "bandwidth_webrtc_participant":
			into = s.participants
		case "bandwidth_webrtc_session_participant":
			into = s.memberships
		}
		if into == nil || r.Index != nil {
			s.unknown = append(s.unknown, r.Address)
			return nil
		}
		if _, dup := into[r.Name]; dup {
			return fmt.Errorf("state holds %s twice", r.Address)
		}
		into[r.Name] = a
		return nil
	}
	m := moduleKey.FindStringSubmatch(module)
	key, _ := r.Index.(string)
	if m == nil || r.Type != "terraform_data" || r.Name != "secret" || key == "" {
		s.unknown = append(s.unknown, r.Address)
		return nil
	}
	input, _ := a["input"].(map[string]any)
	if s.secrets[m[1]] == nil {
		s.secrets[m[1]] = map[string]attrs{}
	}
	s.secrets[m[1]][key] = input
	return nil
}

// ids are the values of the id attribute of objects, sorted.
func ids(objects map[string]attrs, attribute string) []string {
	var out []string
	for _, a := range objects {
		if id := a.str(attribute); id != "" {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// subscriptionsOf reads a `subscriptions` attribute: session id and subscribed participant ids
// (sorted), or ok false when it is null.
func subscriptionsOf(a attrs) (sessionID string, participants []string, ok bool) {
	obj, isObj := a["subscriptions"].(map[string]any)
	if !isObj {
		return "", nil, false
	}
	sessionID, _ = obj["session_id"].(string)
	list, _ := obj["participants"].([]any)
	for _, item := range list {
		if p, ok := item.(map[string]any); ok {
			id, _ := p["participant_id"].(string)
			participants = append(participants, id)
		}
	}
	slices.Sort(participants)
	return sessionID, participants, true
}

// outputMap reads a map output of strings or numbers as strings.
func (s *snapshot) outputMap(name string) map[string]string {
	m, _ := s.outputs[name].(map[string]any)
	out := make(map[string]string, len(m))
	for k, v := range m {
		switch v := v.(type) {
		case string:
			out[k] = v
		case json.Number:
			out[k] = v.String()
		case float64:
			out[k] = fmt.Sprint(v)
		default:
			out[k] = fmt.Sprint(v)
		}
	}
	return out
}
