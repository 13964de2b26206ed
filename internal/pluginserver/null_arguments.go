package pluginserver

import "github.com/hashicorp/terraform-plugin-go/tfprotov6"

// msgpackNil is MessagePack's nil, which decodes as a null of any type.
var msgpackNil = []byte{0xc0}

// withNullArguments spells out the null arguments of a function call. OpenTofu sends a null
// argument of a parameter that allows null as no value at all (an empty DynamicValue), where
// Terraform sends an encoded null; the framework cannot read the former, and fails the call.
func withNullArguments(req *tfprotov6.CallFunctionRequest) *tfprotov6.CallFunctionRequest {
	if req == nil {
		return nil
	}
	for i, arg := range req.Arguments {
		if arg == nil || (len(arg.MsgPack) == 0 && len(arg.JSON) == 0) {
			req.Arguments[i] = &tfprotov6.DynamicValue{MsgPack: msgpackNil}
		}
	}
	return req
}
