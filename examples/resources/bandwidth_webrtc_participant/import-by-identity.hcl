import {
  to = bandwidth_webrtc_participant.presenter
  identity = {
    id = "8d5a2f3c-6b1e-4c9a-9f0d-2e7b4a1c5d36"
  }
}
