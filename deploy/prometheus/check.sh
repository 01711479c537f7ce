#!/usr/bin/env bash
# Validates the Prometheus files with promtool (Debian/Ubuntu: apt-get install prometheus, which brings it):
# the scrape configurations, the alert/recording rules, and every rule unit test in tests/.
# Usage: deploy/prometheus/check.sh   (from anywhere; exits non-zero on the first failure)
set -euo pipefail
cd "$(dirname "$0")"

command -v promtool >/dev/null || { echo "promtool not found (apt-get install prometheus)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The configs name rule files by their in-container path (/etc/prometheus/rules); check them against these.
check_config() {
  mkdir -p "$work/rules" && cp rules/*.rules.yml "$work/rules/"
  sed "s|/etc/prometheus/rules/|$work/rules/|" "$1" > "$work/$1"
  promtool check config "$work/$1"
}

check_config prometheus.yml
# Debian's promtool is built without Kubernetes service discovery ("field kubernetes_sd_configs not found");
# there the Kubernetes config is only YAML-checked by deploy/deploy-check. Any other error fails.
if ! output=$(check_config prometheus-kubernetes.yml 2>&1); then
  if grep -q "field kubernetes_sd_configs not found" <<<"$output"; then
    echo "SKIPPED prometheus-kubernetes.yml: this promtool has no Kubernetes service discovery"
  else
    echo "$output" >&2
    exit 1
  fi
else
  echo "$output"
fi

promtool check rules rules/*.rules.yml
promtool test rules tests/*.test.yml
