import {
  to = bandwidth_webrtc_session_participant.audience
  identity = {
    session_id     = "4f9e1c2a-7d3b-4e8f-a6c5-0b1d2e3f4a57"
    participant_id = "8d5a2f3c-6b1e-4c9a-9f0d-2e7b4a1c5d36"
  }
}
