package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/validate"
	"github.com/bandwidth-community/terraform-provider-bandwidth/internal/webrtc"
)

// subscriptionsSchema is the `subscriptions` attribute, shared by the resources that set it.
func subscriptionsSchema(description string, modifiers ...planmodifier.Object) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: description,
		Optional:            true,
		PlanModifiers:       modifiers,
		Attributes: map[string]schema.Attribute{
			"session_id": schema.StringAttribute{
				MarkdownDescription: "The session the subscriptions belong to. With no `participants`, the participant " +
					"receives everyone in the session, including those who join later.",
				Required:   true,
				Validators: []validator.String{validate.UUID()},
			},
			"participants": schema.SetNestedAttribute{
				MarkdownDescription: "Receive exactly these participants of the session instead of all of them. " +
					"Omit it to receive the whole session.",
				Optional: true,
				Validators: []validator.Set{
					setvalidator.SizeBetween(1, webrtc.MaxSessionParticipants),
				},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"participant_id": schema.StringAttribute{
							MarkdownDescription: "Id of a participant to receive.",
							Required:            true,
							Validators:          []validator.String{validate.UUID()},
						},
						"stream_aliases": schema.SetAttribute{
							MarkdownDescription: "Receive only these named streams of that participant (aliases its client declares " +
								"when publishing). Omit it to receive all of them.",
							ElementType: types.StringType,
							Optional:    true,
							Validators: []validator.Set{
								setvalidator.SizeAtLeast(1),
								setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
							},
						},
					},
				},
			},
		},
	}
}
