terraform {
  required_providers {
    bandwidth = {
      source = "bandwidth-community/bandwidth"
    }
  }
}

# OAuth2 client credentials (recommended). Keep the secret out of the configuration:
# export BW_CLIENT_SECRET (and, if you like, BW_ACCOUNT_ID and BW_CLIENT_ID) instead.
provider "bandwidth" {
  account_id = "9900000"
  client_id  = "my-webrtc-client"
}

# A legacy API user (Basic auth) still works until Bandwidth retires username/password
# credentials on 2026-12-02. Use it instead of the block above, never together with it:
#
# provider "bandwidth" {
#   account_id = "9900000"
#   username   = "webrtc-api-user"
#   # password from BW_PASSWORD
# }
