#!/usr/bin/env bash
# make demo: the provider against the built-in mock API. Builds nothing itself (make does);
# starts the mock on loopback, applies examples/demo, shows the outputs, destroys, and checks
# that nothing is left behind. Exits non-zero on any failure.
set -euo pipefail

provider_bin=${1:?usage: demo.sh PATH_TO_PROVIDER_BINARY}
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/.demo"
terraform=${TERRAFORM:-$(command -v terraform || command -v tofu || true)}
[ -n "$terraform" ] || { echo "demo: needs terraform (>= 1.5) or tofu on PATH" >&2; exit 1; }

step() { printf '\n==> %s\n' "$*"; }
color=()
[ -t 1 ] || color=(-no-color)

rm -rf "$work" && mkdir -p "$work/bin"
cp "$provider_bin" "$work/bin/terraform-provider-bandwidth"

step "Building and starting the mock Bandwidth WebRTC API on loopback"
go build -o "$work/webrtcmock" "$root/cmd/webrtcmock"
"$work/webrtcmock" -addr 127.0.0.1:0 -ready-file "$work/mock-url" >"$work/mock.log" 2>&1 &
mock_pid=$!
trap 'kill "$mock_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$work/mock-url" ] && break; sleep 0.1; done
[ -s "$work/mock-url" ] || { echo "demo: the mock did not start:" >&2; cat "$work/mock.log" >&2; exit 1; }
base_url=$(cat "$work/mock-url")
echo "mock API at $base_url (account 9900000, demo credentials)"

step "Pointing Terraform at the freshly built provider (dev_overrides, no registry, no terraform init)"
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/bandwidth-community/bandwidth" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export BW_ACCOUNT_ID=9900000 BW_CLIENT_ID=demo-client BW_CLIENT_SECRET=demo-secret
export BW_WEBRTC_BASE_URL="$base_url" BW_OAUTH_TOKEN_URL="${base_url%/v1}/api/v1/oauth2/token"
unset BW_USERNAME BW_PASSWORD

cp -R "$root/examples/demo" "$work/config"
cd "$work/config"
# Local modules only need recording; `terraform get` does that without contacting any registry.
"$terraform" get >/dev/null

# live FIELD: a count from the mock's /mock/stats, e.g. live liveParticipants
live() { curl -fsS "${base_url%/v1}/mock/stats" | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }

step "terraform apply: for dev, staging and prod a session, its participants subscribed to one another, tokens passed to a token store"
"$terraform" apply "${color[@]}" -auto-approve -input=false -compact-warnings

step "terraform output (tokens stay redacted)"
"$terraform" output "${color[@]}"

step "terraform plan: nothing to change after apply"
"$terraform" plan -detailed-exitcode -input=false >/dev/null || { echo "demo: the plan after apply is not empty" >&2; exit 1; }
echo "no changes"
echo "alive at the mock: $(live liveParticipants) participants, $(live liveSessions) sessions"

step "terraform destroy"
"$terraform" destroy "${color[@]}" -auto-approve -input=false -compact-warnings
for field in liveParticipants liveSessions; do
  left=$(live "$field")
  [ "$left" = 0 ] || { echo "demo: $field is $left at the mock after destroy" >&2; exit 1; }
done
echo "alive at the mock: 0 participants, 0 sessions"

step "Demo finished: everything created was destroyed"
