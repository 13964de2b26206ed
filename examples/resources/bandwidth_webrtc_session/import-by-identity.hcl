import {
  to = bandwidth_webrtc_session.town_hall
  identity = {
    id = "4f9e1c2a-7d3b-4e8f-a6c5-0b1d2e3f4a57"
  }
}
