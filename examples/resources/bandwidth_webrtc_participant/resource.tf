# A presenter who may publish audio and video. Its token is created with it and handed on,
# still sensitive, to whatever serves the presenter's client.
resource "bandwidth_webrtc_participant" "presenter" {
  tag                 = "town-hall-presenter"
  publish_permissions = ["AUDIO", "VIDEO"]
}

output "presenter_token" {
  value     = bandwidth_webrtc_participant.presenter.token
  sensitive = true
}

# An audience member who may only speak, and who receives just the presenter's camera and
# microphone streams in a session created elsewhere (for example a bandwidth_webrtc_session).
variable "session_id" {
  description = "Id of the session the audience member watches."
  type        = string
}

resource "bandwidth_webrtc_participant" "audience" {
  tag                 = "town-hall-audience"
  publish_permissions = ["AUDIO"]

  subscriptions = {
    session_id = var.session_id
    participants = [
      {
        participant_id = bandwidth_webrtc_participant.presenter.id
        stream_aliases = ["camera", "microphone"]
      },
    ]
  }
}

# A kiosk that stays connected for days: its token is renewed on the first apply after it comes
# within two hours of expiry. create_before_destroy hands dependants the new token before the old
# participant is deleted.
resource "bandwidth_webrtc_participant" "kiosk" {
  tag          = "lobby-kiosk"
  renew_before = "2h"

  lifecycle {
    create_before_destroy = true
  }
}

output "kiosk_token_expires_at" {
  value = bandwidth_webrtc_participant.kiosk.token_expires_at
}
