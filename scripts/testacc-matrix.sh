#!/usr/bin/env bash
# make testacc-matrix: the acceptance suite (every package that drives a CLI) once per CLI given,
# then one line per CLI with its version, result and duration. Exits non-zero if any run failed.
# Usage: testacc-matrix.sh EMPTY_TFRC CLI...
set -uo pipefail

empty_tfrc=${1:?usage: testacc-matrix.sh EMPTY_TFRC CLI...}
shift
[ $# -gt 0 ] || { echo "testacc-matrix: no CLI given" >&2; exit 2; }
packages=(./internal/provider/... ./tools/explorer)
summary=()
failed=0

for cli in "$@"; do
  version=$(TF_CLI_CONFIG_FILE="$empty_tfrc" "$cli" version 2>/dev/null | head -n1)
  [ -n "$version" ] || { echo "testacc-matrix: $cli does not run" >&2; exit 2; }
  host=registry.terraform.io
  case "$version" in OpenTofu*) host=registry.opentofu.org ;; esac
  printf '\n==> %s (%s)\n' "$version" "$cli"
  start=$(date +%s)
  if TF_ACC=1 TF_ACC_TERRAFORM_PATH="$cli" TF_ACC_PROVIDER_HOST="$host" TF_CLI_CONFIG_FILE="$empty_tfrc" \
    go test -count=1 -timeout 20m "${packages[@]}"; then
    result=passed
  else
    result=FAILED
    failed=1
  fi
  summary+=("$(printf '%-22s %-7s %4ss  %s' "$version" "$result" "$(($(date +%s) - start))" "$cli")")
done

printf '\n==> CLI matrix\n'
printf '%s\n' "${summary[@]}"
exit "$failed"
