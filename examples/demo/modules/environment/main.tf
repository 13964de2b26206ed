terraform {
  required_providers {
    bandwidth = {
      source = "bandwidth-community/bandwidth"
    }
  }
}

variable "name" {
  description = "The environment's name, used in every tag."
  type        = string
}

variable "members" {
  description = "Who gets a participant in this environment; they all meet in one session."
  type        = list(string)

  validation {
    condition     = length(var.members) <= 20
    error_message = "A Bandwidth WebRTC session holds at most 20 participants."
  }
}

resource "bandwidth_webrtc_participant" "member" {
  for_each = toset(var.members)

  tag                 = "${var.name}-${each.key}"
  publish_permissions = ["AUDIO", "VIDEO"]
  device_api_version  = "V3"
}

# The environment's room. Bandwidth removes sessions after about 9 hours; the next plan after
# that creates a new one and adds everyone to it again.
resource "bandwidth_webrtc_session" "room" {
  tag = var.name
}

# Everyone joins the room and receives everyone else. The participants above leave their
# subscriptions unset, so these memberships are the only place that manages them.
resource "bandwidth_webrtc_session_participant" "member" {
  for_each = bandwidth_webrtc_participant.member

  session_id     = bandwidth_webrtc_session.room.id
  participant_id = each.value.id
  subscriptions = {
    session_id = bandwidth_webrtc_session.room.id
    # A lone member has nobody else to receive: null then means the whole (otherwise empty) session.
    participants = length(var.members) > 1 ? [
      for name, other in bandwidth_webrtc_participant.member : { participant_id = other.id } if name != each.key
    ] : null
  }
}

output "session_id" {
  value = bandwidth_webrtc_session.room.id
}

output "participant_ids" {
  value = { for name, p in bandwidth_webrtc_participant.member : name => p.id }
}

output "token_expires_at" {
  value = { for name, p in bandwidth_webrtc_participant.member : name => p.token_expires_at }
}

output "tokens" {
  value     = { for name, p in bandwidth_webrtc_participant.member : name => p.token }
  sensitive = true
}
