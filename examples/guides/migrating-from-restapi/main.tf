# After the move: the same participant, session and membership as bandwidth resources. The moved
# blocks hand each restapi_object's state, token included, to the resource that replaces it;
# nothing is created or replaced. Keep them until every environment has applied this change, and
# keep restapi's required_providers entry and provider blocks (not shown) until then too.

terraform {
  required_providers {
    bandwidth = {
      source = "bandwidth-community/bandwidth"
    }
  }
}

provider "bandwidth" {
  account_id = "9900000"
  # client_id and client_secret from BW_CLIENT_ID and BW_CLIENT_SECRET
}

resource "bandwidth_webrtc_participant" "alice" {
  tag                 = "alice"
  publish_permissions = ["AUDIO", "VIDEO"]
  callback_url        = "https://example.com/cb"
}

resource "bandwidth_webrtc_session" "room" {
  tag = "room"
}

resource "bandwidth_webrtc_session_participant" "alice_in_room" {
  session_id     = bandwidth_webrtc_session.room.id
  participant_id = bandwidth_webrtc_participant.alice.id
}

moved {
  from = restapi_object.alice
  to   = bandwidth_webrtc_participant.alice
}

moved {
  from = restapi_object.room
  to   = bandwidth_webrtc_session.room
}

moved {
  from = restapi_object.alice_in_room
  to   = bandwidth_webrtc_session_participant.alice_in_room
}

output "alice_token" {
  value     = bandwidth_webrtc_participant.alice.token
  sensitive = true
}
