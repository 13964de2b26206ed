# Before: Bandwidth WebRTC objects managed with the generic Mastercard/terraform-provider-restapi.
# The participant's token is only in restapi_object.alice.create_response.

terraform {
  required_providers {
    restapi = {
      source = "mastercard/restapi"
    }
  }
}

provider "restapi" {
  uri                   = "https://api.webrtc.bandwidth.com/v1/accounts/9900000"
  username              = "webrtc-api-user" # password from the environment or a variable
  create_returns_object = true
  id_attribute          = "participant/id"
}

provider "restapi" {
  alias    = "no_body"
  uri      = "https://api.webrtc.bandwidth.com/v1/accounts/9900000"
  username = "webrtc-api-user"
}

resource "restapi_object" "alice" {
  path                    = "/participants"
  data                    = jsonencode({ tag = "alice", publishPermissions = ["AUDIO", "VIDEO"], callbackUrl = "https://example.com/cb" })
  ignore_server_additions = true
  force_new               = ["tag", "publishPermissions", "callbackUrl"]
}

resource "restapi_object" "room" {
  path                    = "/sessions"
  data                    = jsonencode({ tag = "room" })
  id_attribute            = "id"
  ignore_server_additions = true
  force_new               = ["tag"]
}

resource "restapi_object" "alice_in_room" {
  provider                  = restapi.no_body
  path                      = "/sessions/${restapi_object.room.id}/participants"
  create_path               = "/sessions/${restapi_object.room.id}/participants/{id}"
  read_path                 = "/sessions/${restapi_object.room.id}/participants/{id}/subscriptions"
  create_method             = "PUT"
  id_attribute              = "participantId"
  data                      = jsonencode({ participantId = restapi_object.alice.id, sessionId = restapi_object.room.id })
  ignore_all_server_changes = true
}

output "alice_token" {
  value     = jsondecode(restapi_object.alice.create_response).token
  sensitive = true
}
