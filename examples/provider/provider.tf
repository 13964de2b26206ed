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

# Deprecated: a legacy API user (Basic auth). Bandwidth decommissions username/password API users
# on 2026-12-02; until then it still works for accounts that have one, and every run warns. Use it
# instead of the block above, never together with it:
#
# provider "bandwidth" {
#   account_id = "9900000"
#   username   = "webrtc-api-user"
#   # password from BW_PASSWORD
# }
