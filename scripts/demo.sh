#!/usr/bin/env bash
# make demo: the provider against the built-in mock API. Builds nothing itself (make does);
# starts the mock on loopback, applies examples/demo, shows the outputs, destroys, and checks
# that nothing is left behind. Everything it and Terraform print is captured and scanned at the
# end: a participant token (a JWT), the client secret or an access token (`Bearer ...`) in it
# fails the demo. Exits non-zero on any failure.
set -euo pipefail

provider_bin=${1:?usage: demo.sh PATH_TO_PROVIDER_BINARY}
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/.demo"
terraform=${TERRAFORM:-$(command -v terraform || command -v tofu || true)}
[ -n "$terraform" ] || { echo "demo: needs terraform (>= 1.5) or tofu on PATH" >&2; exit 1; }

step() { printf '\n==> %s\n' "$*"; }
color=()
[ -t 1 ] || color=(-no-color)

# The mock's demo credentials. The secret must never show in the demo's output.
client_secret=demo-secret
export BW_ACCOUNT_ID=9900000 BW_CLIENT_ID=demo-client BW_CLIENT_SECRET="$client_secret"
unset BW_USERNAME BW_PASSWORD
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

rm -rf "$work" && mkdir -p "$work/bin"
shown="$work/output.log"  # everything printed below, as the terminal got it
quiet="$work/quiet.log"   # what Terraform printed that the demo does not show (get, the no-op plan)

demo() {
  set -euo pipefail
  cp "$provider_bin" "$work/bin/terraform-provider-bandwidth"

  step "Building and starting the mock Bandwidth WebRTC API on loopback"
  go build -o "$work/webrtcmock" "$root/tools/cmd/webrtcmock"
  "$work/webrtcmock" -addr 127.0.0.1:0 -ready-file "$work/mock-url" >"$work/mock.log" 2>&1 &
  mock_pid=$!
  trap 'kill "$mock_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 100); do [ -s "$work/mock-url" ] && break; sleep 0.1; done
  if [ ! -s "$work/mock-url" ]; then
    # The mock's banner lists the credentials it accepts: leave them out.
    echo "demo: the mock did not start:" >&2
    grep -vF -e "$client_secret" "$work/mock.log" >&2 || true
    exit 1
  fi
  base_url=$(cat "$work/mock-url")
  echo "mock API at $base_url (account 9900000, demo credentials)"

  step "Pointing Terraform at the freshly built provider (dev_overrides, no registry, no terraform init)"
  cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/bandwidth-community/bandwidth" = "$work/bin"
    "registry.opentofu.org/bandwidth-community/bandwidth" = "$work/bin"
  }
  direct {}
}
RC
  export TF_CLI_CONFIG_FILE="$work/terraformrc"
  export BW_WEBRTC_BASE_URL="$base_url" BW_OAUTH_TOKEN_URL="${base_url%/v1}/api/v1/oauth2/token"

  cp -R "$root/examples/demo" "$work/config"
  cd "$work/config"
  # Local modules only need recording; `terraform get` does that without contacting any registry.
  "$terraform" get >>"$quiet" 2>&1

  # live FIELD: a count from the mock's /mock/stats, e.g. live liveParticipants
  live() { curl -fsS "${base_url%/v1}/mock/stats" | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
  # The token store's files (see examples/demo/modules/token-store).
  store=.token-store
  stored() { find "$store" -type f 2>/dev/null | wc -l | tr -d ' '; }

  step "terraform apply: for dev, staging and prod a session, its participants subscribed to one another, tokens passed to a token store"
  "$terraform" apply "${color[@]}" -auto-approve -input=false -compact-warnings

  step "terraform output (tokens stay redacted)"
  "$terraform" output "${color[@]}"
  # Checked without printing a token: each stored file holds one JWT and only its owner reads it.
  jwt='^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$'
  if [ "$(stored)" = 0 ] || [ -n "$(find "$store" -type f ! -perm 600)" ] ||
    [ -n "$(find "$store" -type f -exec grep -LE "$jwt" {} +)" ]; then
    echo "demo: the token store does not hold one token per secret, readable by its owner only" >&2
    exit 1
  fi
  echo "token store: $(stored) secrets written, each readable by its owner only"

  step "terraform plan: nothing to change after apply"
  "$terraform" plan -no-color -detailed-exitcode -input=false >>"$quiet" 2>&1 || { echo "demo: the plan after apply is not empty (see $quiet)" >&2; exit 1; }
  echo "no changes"
  echo "alive at the mock: $(live liveParticipants) participants, $(live liveSessions) sessions"

  step "terraform destroy"
  "$terraform" destroy "${color[@]}" -auto-approve -input=false -compact-warnings
  for field in liveParticipants liveSessions; do
    left=$(live "$field")
    [ "$left" = 0 ] || { echo "demo: $field is $left at the mock after destroy" >&2; exit 1; }
  done
  [ "$(stored)" = 0 ] || { echo "demo: $(stored) secrets left in the token store after destroy" >&2; exit 1; }
  echo "alive at the mock: 0 participants, 0 sessions; token store empty"
}

# leaks LABEL GREP_ARGS...: says where the logs match, by file and line, never what matched.
leaks() {
  local label=$1 hits
  shift
  hits=$(grep -on "$@" -- "$shown" "$quiet" 2>/dev/null | cut -d: -f1,2 | sed "s|^$work/||") || true
  [ -n "$hits" ] || return 0
  echo "demo: LEAK: $(wc -l <<<"$hits" | tr -d ' ') x $label, at $(sort -u <<<"$hits" | paste -sd' ' -)" >&2
  return 1
}

scan() {
  local clean=0
  leaks "participant token (JWT)" -E -e 'eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+' || clean=1
  leaks "client secret" -F -e "$client_secret" || clean=1
  leaks "access token (Bearer)" -e 'Bearer ' || clean=1
  if [ "$clean" = 0 ]; then
    echo "no token, client secret or access token in anything the demo or Terraform printed"
  else
    echo "demo: secrets were printed; the output is in $work (values not repeated here)" >&2
  fi
  return "$clean"
}

: >"$quiet"
set +e
demo 2>&1 | tee "$shown"
status=${PIPESTATUS[0]}
set -e

step "Checking the output for secrets"
scan_status=0
scan || scan_status=$?
[ "$status" = 0 ] || { echo "demo: failed (exit status $status)" >&2; exit "$status"; }
[ "$scan_status" = 0 ] || exit 1

step "Demo finished: everything created was destroyed, nothing secret was printed"
