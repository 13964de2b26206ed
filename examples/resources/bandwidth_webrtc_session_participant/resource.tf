resource "bandwidth_webrtc_session" "town_hall" {
  tag = "town-hall"
}

resource "bandwidth_webrtc_participant" "presenter" {
  tag                 = "town-hall-presenter"
  publish_permissions = ["AUDIO", "VIDEO"]
}

resource "bandwidth_webrtc_participant" "audience" {
  tag                 = "town-hall-audience"
  publish_permissions = ["AUDIO"]
}

# The presenter joins the session and receives everyone in it, including later arrivals.
resource "bandwidth_webrtc_session_participant" "presenter" {
  session_id     = bandwidth_webrtc_session.town_hall.id
  participant_id = bandwidth_webrtc_participant.presenter.id

  subscriptions = {
    session_id = bandwidth_webrtc_session.town_hall.id
  }
}

# The audience member joins the same session and receives only the presenter's camera.
resource "bandwidth_webrtc_session_participant" "audience" {
  session_id     = bandwidth_webrtc_session.town_hall.id
  participant_id = bandwidth_webrtc_participant.audience.id

  subscriptions = {
    session_id = bandwidth_webrtc_session.town_hall.id
    participants = [
      {
        participant_id = bandwidth_webrtc_participant.presenter.id
        stream_aliases = ["camera"]
      },
    ]
  }
}
