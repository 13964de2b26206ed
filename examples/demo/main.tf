terraform {
  required_providers {
    bandwidth = {
      source = "bandwidth-community/bandwidth"
    }
  }
}

# Credentials and the API address come from the BW_* environment variables; `make demo` points
# them at the built-in mock, so no real credentials are needed.
provider "bandwidth" {}

variable "environments" {
  description = "The participants to provision in each environment, all in one session per environment."
  type        = map(list(string))
  default = {
    dev     = ["alice", "bob"]
    staging = ["alice", "bob", "carol"]
    prod    = ["alice", "bob", "carol", "dave"]
  }
}

module "environment" {
  source   = "./modules/environment"
  for_each = var.environments

  name    = each.key
  members = each.value
}

# Each environment's tokens flow, still sensitive, into the module that stores them for the app.
module "token_store" {
  source   = "./modules/token-store"
  for_each = module.environment

  environment    = each.key
  tokens         = each.value.tokens
  token_versions = each.value.participant_ids
}

output "session_ids" {
  description = "The session each environment's participants meet in."
  value       = { for env, m in module.environment : env => m.session_id }
}

output "participant_ids" {
  description = "Participant ids by environment and member."
  value       = { for env, m in module.environment : env => m.participant_ids }
}

output "token_expires_at" {
  description = "When each participant's token expires."
  value       = { for env, m in module.environment : env => m.token_expires_at }
}

output "tokens" {
  description = "Participant tokens by environment and member (sensitive: shown as <sensitive>)."
  value       = { for env, m in module.environment : env => m.tokens }
  sensitive   = true
}

output "stored_secrets" {
  description = "The secret names the token store wrote for each environment."
  value       = { for env, s in module.token_store : env => s.secret_names }
}
