# Look up a session created elsewhere, for example by an application that opens one per meeting.
# Bandwidth removes sessions about 9 hours after creating them; after that they cannot be read.
data "bandwidth_webrtc_session" "town_hall" {
  id = "4f9e1c2a-7d3b-4e8f-a6c5-0b1d2e3f4a57"
}

output "town_hall_tag" {
  value = data.bandwidth_webrtc_session.town_hall.tag
}
