# Stands in for an app's secret store (a Kubernetes secret, a vault, a CI variable): it writes each
# token to a file only its owner can read, and keeps nothing secret in state.
#
# Where a token goes decides whether it stays sensitive. Terraform redacts a value only where the
# configuration put it or where the resource's schema says so. A copy that a resource computes
# itself, like terraform_data's `output` (a copy of `input`), is stored unmarked and printed in
# clear text by every later plan that shows it, a destroy included. So the token goes to the store
# the way a write-only attribute takes it: through the provisioner's environment, which Terraform
# redacts and never records. State keeps the secret's name, its file and a version that says when
# to write it again.

variable "environment" {
  description = "The environment the tokens belong to."
  type        = string
}

variable "tokens" {
  description = "Participant tokens by member name."
  type        = map(string)
  sensitive   = true
}

variable "token_versions" {
  description = "By member name, a value that is not secret and changes whenever the member's token does (its participant id: a participant keeps its token for life, so a new token comes with a new participant). A new version writes the secret again."
  type        = map(string)
}

locals {
  directory = "${path.root}/.token-store"
}

resource "terraform_data" "secret" {
  # The names come from the non-sensitive versions, so no nonsensitive() is needed.
  for_each = var.token_versions

  input = {
    name = "webrtc-token-${var.environment}-${each.key}"
    file = "${local.directory}/webrtc-token-${var.environment}-${each.key}"
  }
  triggers_replace = each.value

  provisioner "local-exec" {
    interpreter = ["/bin/sh", "-c"]
    command     = "umask 077 && mkdir -p \"$(dirname \"$FILE\")\" && printf '%s' \"$TOKEN\" > \"$FILE\""
    environment = {
      FILE  = self.input.file
      TOKEN = var.tokens[each.key]
    }
  }

  provisioner "local-exec" {
    when        = destroy
    interpreter = ["/bin/sh", "-c"]
    command     = "rm -f \"$FILE\""
    environment = {
      FILE = self.input.file
    }
  }
}

output "secret_names" {
  description = "The names of the secrets written, sorted."
  value       = sort([for s in terraform_data.secret : s.input.name])
}
