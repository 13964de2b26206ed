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
  description = "Who gets a participant in this environment."
  type        = list(string)
}

resource "bandwidth_webrtc_participant" "member" {
  for_each = toset(var.members)

  tag                 = "${var.name}-${each.key}"
  publish_permissions = ["AUDIO", "VIDEO"]
  device_api_version  = "V3"
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
