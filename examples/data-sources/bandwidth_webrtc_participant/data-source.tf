# Look up a participant created elsewhere. Its token cannot be read: Bandwidth returns it only
# when the participant is created.
data "bandwidth_webrtc_participant" "presenter" {
  id = "8d5a2f3c-6b1e-4c9a-9f0d-2e7b4a1c5d36"
}

output "presenter_session" {
  value = one(data.bandwidth_webrtc_participant.presenter.sessions)
}

output "presenter_may_publish_video" {
  value = contains(data.bandwidth_webrtc_participant.presenter.publish_permissions, "VIDEO")
}
