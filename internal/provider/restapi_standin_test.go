package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// A stand-in for Mastercard/terraform-provider-restapi (which cannot be fetched here): a provider
// named "restapi" whose restapi_object has the real v3 schema's attributes and writes state of
// the same shape (see testdata/restapi), talking HTTP to the mock. It does what the acceptance
// tests need of it, create, read and delete; it is not a port of restapi.

func restapiStandinFactory(sensitive bool) func() (tfprotov6.ProviderServer, error) {
	return providerserver.NewProtocol6WithError(&restapiStandin{sensitive: sensitive})
}

type restapiStandin struct{ sensitive bool }

type restapiStandinConfig struct {
	URI                 types.String `tfsdk:"uri"`
	Username            types.String `tfsdk:"username"`
	Password            types.String `tfsdk:"password"`
	IDAttribute         types.String `tfsdk:"id_attribute"`
	CreateReturnsObject types.Bool   `tfsdk:"create_returns_object"`
}

type restapiStandinClient struct {
	cfg  restapiStandinConfig
	http *http.Client
}

func (p *restapiStandin) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "restapi"
}

func (p *restapiStandin) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{Attributes: map[string]pschema.Attribute{
		"uri":                   pschema.StringAttribute{Required: true},
		"username":              pschema.StringAttribute{Optional: true},
		"password":              pschema.StringAttribute{Optional: true, Sensitive: true},
		"id_attribute":          pschema.StringAttribute{Optional: true},
		"create_returns_object": pschema.BoolAttribute{Optional: true},
	}}
}

func (p *restapiStandin) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg restapiStandinConfig
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	resp.ResourceData = &restapiStandinClient{cfg: cfg, http: &http.Client{Timeout: 10 * time.Second}}
}

func (p *restapiStandin) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return &restapiStandinObject{sensitive: p.sensitive} }}
}

func (p *restapiStandin) DataSources(_ context.Context) []func() datasource.DataSource { return nil }

type restapiStandinObject struct {
	sensitive bool
	client    *restapiStandinClient
}

type restapiStandinReadSearch struct {
	SearchData  types.String `tfsdk:"search_data"`
	SearchKey   types.String `tfsdk:"search_key"`
	SearchValue types.String `tfsdk:"search_value"`
	ResultsKey  types.String `tfsdk:"results_key"`
	QueryString types.String `tfsdk:"query_string"`
	SearchPatch types.String `tfsdk:"search_patch"`
}

type restapiStandinModel struct {
	Path                   types.String              `tfsdk:"path"`
	CreatePath             types.String              `tfsdk:"create_path"`
	ReadPath               types.String              `tfsdk:"read_path"`
	UpdatePath             types.String              `tfsdk:"update_path"`
	DestroyPath            types.String              `tfsdk:"destroy_path"`
	CreateMethod           types.String              `tfsdk:"create_method"`
	ReadMethod             types.String              `tfsdk:"read_method"`
	UpdateMethod           types.String              `tfsdk:"update_method"`
	DestroyMethod          types.String              `tfsdk:"destroy_method"`
	IDAttribute            types.String              `tfsdk:"id_attribute"`
	ObjectID               types.String              `tfsdk:"object_id"`
	Data                   types.String              `tfsdk:"data"`
	Debug                  types.Bool                `tfsdk:"debug"`
	ReadSearch             *restapiStandinReadSearch `tfsdk:"read_search"`
	QueryString            types.String              `tfsdk:"query_string"`
	ForceNew               types.List                `tfsdk:"force_new"`
	ReadData               types.String              `tfsdk:"read_data"`
	UpdateData             types.String              `tfsdk:"update_data"`
	DestroyData            types.String              `tfsdk:"destroy_data"`
	IgnoreChangesTo        types.List                `tfsdk:"ignore_changes_to"`
	IgnoreAllServerChanges types.Bool                `tfsdk:"ignore_all_server_changes"`
	IgnoreServerAdditions  types.Bool                `tfsdk:"ignore_server_additions"`
	ID                     types.String              `tfsdk:"id"`
	APIData                types.Map                 `tfsdk:"api_data"`
	APIResponse            types.String              `tfsdk:"api_response"`
	CreateResponse         types.String              `tfsdk:"create_response"`
}

func (r *restapiStandinObject) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_object"
}

func (r *restapiStandinObject) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	optional := func() schema.StringAttribute { return schema.StringAttribute{Optional: true} }
	data := func() schema.StringAttribute { return schema.StringAttribute{Optional: true, Sensitive: r.sensitive} }
	dataRequired := data()
	dataRequired.Optional, dataRequired.Required = false, true
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"path": schema.StringAttribute{Required: true}, "create_path": optional(), "read_path": optional(),
		"update_path": optional(), "destroy_path": optional(), "create_method": optional(), "read_method": optional(),
		"update_method": optional(), "destroy_method": optional(), "id_attribute": optional(), "object_id": optional(),
		"data": dataRequired, "debug": schema.BoolAttribute{Optional: true}, "query_string": optional(),
		"force_new":                 schema.ListAttribute{ElementType: types.StringType, Optional: true},
		"read_data":                 data(),
		"update_data":               data(),
		"destroy_data":              data(),
		"ignore_changes_to":         schema.ListAttribute{ElementType: types.StringType, Optional: true, Sensitive: r.sensitive},
		"ignore_all_server_changes": schema.BoolAttribute{Optional: true},
		"ignore_server_additions":   schema.BoolAttribute{Optional: true},
		"read_search": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{
			"query_string": optional(), "search_data": optional(), "search_key": schema.StringAttribute{Required: true},
			"search_value": schema.StringAttribute{Required: true}, "results_key": optional(), "search_patch": optional(),
		}},
		"create_response": schema.StringAttribute{Computed: true, Sensitive: r.sensitive},
		"api_data":        schema.MapAttribute{ElementType: types.StringType, Computed: true, Sensitive: r.sensitive},
		"api_response":    schema.StringAttribute{Computed: true, Sensitive: r.sensitive},
		"id":              schema.StringAttribute{Computed: true},
	}}
}

func (r *restapiStandinObject) Configure(_ context.Context, req resource.ConfigureRequest, _ *resource.ConfigureResponse) {
	if c, ok := req.ProviderData.(*restapiStandinClient); ok {
		r.client = c
	}
}

// do sends one request; a 404 is reported as found == false.
func (c *restapiStandinClient) do(ctx context.Context, method, path string, body []byte) (answer []byte, found bool, err error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(c.cfg.URI.ValueString(), "/")+path, rd)
	if err != nil {
		return nil, false, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.SetBasicAuth(c.cfg.Username.ValueString(), c.cfg.Password.ValueString())
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, false, err
	}
	defer resp.Body.Close()
	answer, err = io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusNotFound {
		return nil, false, err
	}
	if err == nil && resp.StatusCode >= 300 {
		err = fmt.Errorf("%s %s: status %d", method, path, resp.StatusCode)
	}
	return answer, true, err
}

// lookup finds the value at a restapi id_attribute path such as "participant/id".
func lookup(raw []byte, attrPath string) string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	for _, key := range strings.Split(attrPath, "/") {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[key]
	}
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

func orDefault(v types.String, def string) string {
	if v.IsNull() || v.ValueString() == "" {
		return def
	}
	return v.ValueString()
}

func (r *restapiStandinObject) idAttribute(m restapiStandinModel) string {
	return orDefault(m.IDAttribute, orDefault(r.client.cfg.IDAttribute, "id"))
}

func (r *restapiStandinObject) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m restapiStandinModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	data := []byte(m.Data.ValueString())
	idAttr := r.idAttribute(m)
	id := lookup(data, idAttr)
	createPath := strings.ReplaceAll(orDefault(m.CreatePath, m.Path.ValueString()), "{id}", id)
	answer, _, err := r.client.do(ctx, orDefault(m.CreateMethod, http.MethodPost), createPath, data)
	if err != nil {
		resp.Diagnostics.AddError("restapi stand-in: create", err.Error())
		return
	}
	if len(bytes.TrimSpace(answer)) == 0 {
		answer = data // restapi keeps the request data when the answer has no body
	}
	if r.client.cfg.CreateReturnsObject.ValueBool() || id == "" {
		id = lookup(answer, idAttr)
	}
	if id == "" {
		resp.Diagnostics.AddError("restapi stand-in: create", "no id at "+idAttr)
		return
	}
	m.ID = types.StringValue(id)
	m.CreateResponse = types.StringValue(string(answer))
	if !r.read(ctx, &m, &resp.Diagnostics) {
		resp.Diagnostics.AddError("restapi stand-in: create", "the created object cannot be read")
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// read refreshes api_response and api_data; false when the object is gone.
func (r *restapiStandinObject) read(ctx context.Context, m *restapiStandinModel, diags interface{ AddError(string, string) }) bool {
	readPath := strings.ReplaceAll(orDefault(m.ReadPath, m.Path.ValueString()+"/{id}"), "{id}", m.ID.ValueString())
	answer, found, err := r.client.do(ctx, orDefault(m.ReadMethod, http.MethodGet), readPath, nil)
	if err != nil {
		diags.AddError("restapi stand-in: read", err.Error())
		return true
	}
	if !found {
		return false
	}
	m.APIResponse = types.StringValue(string(answer))
	var fields map[string]any
	_ = json.Unmarshal(answer, &fields)
	flat := map[string]attr.Value{}
	for k, v := range fields {
		if s, ok := v.(string); ok {
			flat[k] = types.StringValue(s)
		} else {
			flat[k] = types.StringValue(fmt.Sprint(v)) // restapi's Go rendering: [AUDIO VIDEO], map[]
		}
	}
	m.APIData = types.MapValueMust(types.StringType, flat)
	return true
}

func (r *restapiStandinObject) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m restapiStandinModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !r.read(ctx, &m, &resp.Diagnostics) {
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *restapiStandinObject) Update(_ context.Context, _ resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.AddError("restapi stand-in", "update is not part of the stand-in")
}

// ImportState takes "/<path>/<id>" as restapi does, and keeps what it reads as data: an imported
// object has no create_response, so a participant's token is not in its state.
func (r *restapiStandinObject) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	input := strings.Trim(req.ID, "/")
	n := strings.LastIndex(input, "/")
	if n < 0 {
		resp.Diagnostics.AddError("restapi stand-in: import", "want /<path>/<id>")
		return
	}
	m := restapiStandinModel{
		Path: types.StringValue("/" + input[:n]), ObjectID: types.StringValue(input[n+1:]), ID: types.StringValue(input[n+1:]),
		Debug: types.BoolValue(true), ForceNew: types.ListNull(types.StringType), IgnoreChangesTo: types.ListNull(types.StringType),
		APIData: types.MapNull(types.StringType),
	}
	if !r.read(ctx, &m, &resp.Diagnostics) {
		resp.Diagnostics.AddError("restapi stand-in: import", "no object at "+req.ID)
		return
	}
	m.Data = m.APIResponse
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *restapiStandinObject) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m restapiStandinModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	destroyPath := strings.ReplaceAll(orDefault(m.DestroyPath, m.Path.ValueString()+"/{id}"), "{id}", m.ID.ValueString())
	if _, _, err := r.client.do(ctx, orDefault(m.DestroyMethod, http.MethodDelete), destroyPath, nil); err != nil {
		resp.Diagnostics.AddError("restapi stand-in: delete", err.Error())
	}
}
