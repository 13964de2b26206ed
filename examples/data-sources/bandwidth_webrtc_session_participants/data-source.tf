# Everyone currently in a session, whether Terraform added them or not.
data "bandwidth_webrtc_session_participants" "town_hall" {
  session_id = "4f9e1c2a-7d3b-4e8f-a6c5-0b1d2e3f4a57"
}

output "town_hall_participants" {
  value = { for p in data.bandwidth_webrtc_session_participants.town_hall.participants : p.id => p.tag }
}

output "town_hall_has_room" {
  description = "A session holds at most 20 participants."
  value       = length(data.bandwidth_webrtc_session_participants.town_hall.participants) < 20
}
