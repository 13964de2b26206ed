# The client secret as an ephemeral value (Terraform 1.10 or later, OpenTofu 1.11 or later):
# Terraform uses it to configure the provider but writes it to neither the plan file nor the state.
# Give it at every plan and apply, for example with TF_VAR_client_secret from your secret store.

terraform {
  required_providers {
    bandwidth = {
      source = "bandwidth-community/bandwidth"
    }
  }
}

variable "client_secret" {
  description = "OAuth2 client secret of the Bandwidth API credentials."
  type        = string
  sensitive   = true
  ephemeral   = true
}

provider "bandwidth" {
  account_id    = "9900000"
  client_id     = "my-webrtc-client"
  client_secret = var.client_secret
}

resource "bandwidth_webrtc_participant" "alice" {
  tag = "alice"
}
