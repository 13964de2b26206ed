# Bandwidth removes a session about 9 hours after creating it. The next plan after that
# notices, and the next apply creates a new session with a new id.
resource "bandwidth_webrtc_session" "town_hall" {
  tag = "town-hall"
}

output "town_hall_session_id" {
  value = bandwidth_webrtc_session.town_hall.id
}
