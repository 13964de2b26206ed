# Stands in for an app's secret store (a Kubernetes secret, a vault, a CI variable): it receives
# tokens as a sensitive input and keeps them sensitive.

variable "environment" {
  description = "The environment the tokens belong to."
  type        = string
}

variable "tokens" {
  description = "Participant tokens by member name."
  type        = map(string)
  sensitive   = true
}

resource "terraform_data" "secret" {
  for_each = nonsensitive(toset(keys(var.tokens)))

  input = {
    name  = "webrtc-token-${var.environment}-${each.key}"
    value = var.tokens[each.key]
  }
}

output "secret_names" {
  value = sort([for s in terraform_data.secret : nonsensitive(s.output.name)])
}
