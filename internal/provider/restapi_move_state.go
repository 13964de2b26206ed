package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/validate"
)

// State moved here with a `moved` block from Mastercard/terraform-provider-restapi's
// restapi_object. The framework decodes the source state with restapiSourceSchema and ignores
// every attribute it does not declare. What stays hand-written is what no schema can say:
//   - which requests come from restapi_object: the framework calls every mover whatever the
//     source, and decoding succeeds for most sources (undeclared attributes are skipped, missing
//     ones are null), so a mover must check the source itself;
//   - whether the object is a Bandwidth WebRTC object, and of which kind: restapi_object is
//     generic, so that is told from its path, its id and the fields of its data;
//   - the JSON restapi keeps in its strings (data, create_response, api_response), which is
//     opaque to Terraform and so to the framework.

const restapiResourceType = "restapi_object"

// restapiSourceSchema declares the attributes of restapi_object a move reads. restapi v2 (on
// SDKv2) and v3 (on the framework) both write them as strings, at schema version 0, so one
// schema serves both; the attributes left undeclared include the one whose type differs
// (read_search: a map in v2, an object in v3).
var restapiSourceSchema = schema.Schema{Attributes: map[string]schema.Attribute{
	"id":              schema.StringAttribute{Computed: true},
	"object_id":       schema.StringAttribute{Optional: true},
	"path":            schema.StringAttribute{Required: true},
	"data":            schema.StringAttribute{Required: true},
	"create_response": schema.StringAttribute{Computed: true},
	"api_response":    schema.StringAttribute{Computed: true},
}}

// restapiSource is restapiSourceSchema's model.
type restapiSource struct {
	ID             types.String `tfsdk:"id"`
	ObjectID       types.String `tfsdk:"object_id"`
	Path           types.String `tfsdk:"path"`
	Data           types.String `tfsdk:"data"`
	CreateResponse types.String `tfsdk:"create_response"`
	APIResponse    types.String `tfsdk:"api_response"`
}

// restapiKind is which Bandwidth WebRTC object a restapi_object manages, told from its path.
type restapiKind int

const (
	restapiNotWebRTC restapiKind = iota
	restapiParticipant
	restapiSession
	restapiMembership
)

// restapiKinds names each kind, the bandwidth resource type it moves to, and the fields its
// `data` may carry: the API's fields, camelCase, those of its answers included (restapi writes
// the answer into `data` at import, and at every refresh unless told to ignore server changes).
// Anything else means the object belongs to another API that happens to use the same path.
var restapiKinds = [...]struct {
	name, target string
	dataFields   []string
}{
	restapiNotWebRTC: {name: "not a Bandwidth WebRTC object"},
	restapiParticipant: {"participant", "bandwidth_webrtc_participant",
		[]string{"callbackUrl", "deviceApiVersion", "id", "publishPermissions", "sessions", "subscriptions", "tag"}},
	restapiSession:    {"session", "bandwidth_webrtc_session", []string{"id", "tag"}},
	restapiMembership: {"membership", "bandwidth_webrtc_session_participant", []string{"participantId", "participants", "sessionId"}},
}

func (k restapiKind) String() string { return restapiKinds[k].name }

// targetType is the bandwidth resource type a restapi_object of this kind moves to.
func (k restapiKind) targetType() string { return restapiKinds[k].target }

// restapiObjectState is the source state with restapi's JSON strings checked to hold JSON
// (nil when null or blank).
type restapiObjectState struct {
	ID             string
	ObjectID       string
	Path           string
	Data           json.RawMessage // the configured JSON object
	CreateResponse json.RawMessage // the create answer; for a participant the only copy of its token
	APIResponse    json.RawMessage // the last read
}

// restapiStateMover takes over a restapi_object of kind want: the framework decodes the source,
// the object is checked to be of that kind, and move builds the target from it. An error from
// move refuses the object as not holding a Bandwidth WebRTC object of that kind.
func restapiStateMover(want restapiKind, move func(context.Context, restapiObjectState, string, *resource.MoveStateResponse) error) resource.StateMover {
	return resource.StateMover{
		SourceSchema: &restapiSourceSchema,
		StateMover: func(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
			// The type name alone tells restapi_object, not the source provider address:
			// OpenTofu (1.12 at least) sends the target's provider address for every instance
			// after the first of a resource moved as a whole, and hosts differ between CLIs.
			// classifyRestapiObject refuses objects that are not Bandwidth WebRTC ones.
			if req.SourceTypeName != restapiResourceType {
				return // not ours: the framework reports that no mover matched
			}
			o, sessionID, ok := classifyRestapiObject(ctx, req, want, &resp.Diagnostics)
			if !ok {
				return
			}
			if err := move(ctx, o, sessionID, resp); err != nil {
				addRestapiRefusal(&resp.Diagnostics, want.targetType(),
					fmt.Sprintf("This restapi_object does not hold a Bandwidth WebRTC %s: %s.", want, err))
			}
		},
	}
}

// readRestapiObject takes the source state the framework decoded, and checks that the strings
// restapi keeps JSON in hold JSON.
func readRestapiObject(ctx context.Context, req resource.MoveStateRequest) (restapiObjectState, error) {
	var src restapiSource
	// The framework leaves SourceState nil when the state does not fit restapiSourceSchema, and
	// only logs why.
	if req.SourceState == nil || req.SourceState.Get(ctx, &src).HasError() {
		return restapiObjectState{}, errors.New("restapi v2 and v3 write its id, object_id, path, data, create_response " +
			"and api_response as strings, and this state holds something else in one of them")
	}
	o := restapiObjectState{ID: src.ID.ValueString(), ObjectID: src.ObjectID.ValueString(), Path: src.Path.ValueString()}
	for _, a := range []struct {
		name  string
		value types.String
		to    *json.RawMessage
	}{{"data", src.Data, &o.Data}, {"create_response", src.CreateResponse, &o.CreateResponse}, {"api_response", src.APIResponse, &o.APIResponse}} {
		raw := bytes.TrimSpace([]byte(a.value.ValueString()))
		if len(raw) == 0 {
			continue
		}
		if !json.Valid(raw) {
			return o, fmt.Errorf("its %s does not hold JSON", a.name)
		}
		*a.to = raw
	}
	return o, nil
}

// objectID is the id restapi knows the object by: object_id when the user set it, else the id
// it learned at create.
func (o restapiObjectState) objectID() string {
	if o.ObjectID != "" {
		return o.ObjectID
	}
	return o.ID
}

// restapiPath matches a Bandwidth WebRTC collection path. restapi's `uri` usually ends with the
// account path (…/v1/accounts/<id>), but it may stop earlier and leave that prefix in `path`.
var restapiPath = regexp.MustCompile(`^(?:/api)?(?:/v1)?(?:/accounts/[^/]+)?/(participants|sessions|sessions/([^/]+)/participants)$`)

// kind tells participant, session and membership apart from the path, and returns the
// membership's session id.
func (o restapiObjectState) kind() (restapiKind, string) {
	p, _, _ := strings.Cut(o.Path, "?")
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
	case validate.CheckUUID(m[2]) != nil:
		return restapiNotWebRTC, ""
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

// classifyRestapiObject reads the source and checks that it is a Bandwidth WebRTC object of the
// kind want. Anything else is refused with a diagnostic; ok is false then.
func classifyRestapiObject(ctx context.Context, req resource.MoveStateRequest, want restapiKind, diags *diag.Diagnostics) (o restapiObjectState, sessionID string, ok bool) {
	target := want.targetType()
	o, err := readRestapiObject(ctx, req)
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
	if unknown := unknownDataFields(o.Data, restapiKinds[want].dataFields); len(unknown) > 0 {
		addRestapiRefusal(diags, target, fmt.Sprintf("This restapi_object's data has fields a Bandwidth WebRTC %s does not have (%s), "+
			"so it belongs to another API that uses the path %q. A %s's data holds only %s.",
			want, strings.Join(unknown, ", "), o.Path, want, strings.Join(restapiKinds[want].dataFields, ", ")))
		return o, "", false
	}
	return o, sessionID, true
}

// unknownDataFields lists the top-level keys of data outside allowed, sorted; data that is not an
// object counts as one unknown field.
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
	slices.Sort(unknown)
	return unknown
}
