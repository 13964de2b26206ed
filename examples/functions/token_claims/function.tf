resource "bandwidth_webrtc_participant" "presenter" {
  tag                 = "town-hall-presenter"
  publish_permissions = ["AUDIO", "VIDEO"]
}

# Warn when a token would expire within the next hour.
check "presenter_token_lifetime" {
  assert {
    condition = timecmp(
      provider::bandwidth::token_claims(bandwidth_webrtc_participant.presenter.token).expires_at,
      timeadd(plantimestamp(), "1h"),
    ) > 0
    error_message = "The presenter's token expires within the hour: replace the participant to get a new one."
  }
}
