#!/usr/bin/env bash
# One-shot (compose service kafka-init, apache/kafka image): makes the services' SCRAM-SHA-512 users, the topics of
# topics.txt and the ACLs of acls.txt, connecting as the admin certificate (CN=benchline-admin, a super user) over the
# broker's mutual-TLS listener kafka:9094. Idempotent: rerun it after a password rotation or an ACL change
# (`docker compose run --rm kafka-init`). It revokes nothing: an ACL removed from acls.txt stays until an operator
# removes it with kafka-acls.sh --remove. Secrets are read from files into a private temporary folder, never into an
# argument list.
set -euo pipefail
BIN=${KAFKA_BIN:-/opt/kafka/bin}
SECRETS=${KAFKA_INIT_SECRETS:-/run/secrets}
HERE=$(dirname "$0")
BOOTSTRAP=kafka:9094
SERVICES=(signup-service provisioner-service verifier-service user-service operator-service)

umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
admin="$work/admin.properties"
{
  echo "security.protocol=SSL"
  echo "ssl.keystore.type=PKCS12"
  echo "ssl.keystore.location=$SECRETS/kafka-admin.p12"
  echo "ssl.keystore.password=$(< "$SECRETS/kafka-admin-password")"
  echo "ssl.key.password=$(< "$SECRETS/kafka-admin-password")"
  echo "ssl.truststore.type=PKCS12"
  echo "ssl.truststore.location=$SECRETS/kafka-truststore.p12"
  echo "ssl.truststore.password=$(< "$SECRETS/kafka-truststore-password")"
} > "$admin"

for attempt in $(seq 1 30); do
  if "$BIN/kafka-broker-api-versions.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$admin" > /dev/null 2>&1; then
    break
  fi
  [[ $attempt == 30 ]] && { echo "kafka-init: the broker does not answer on $BOOTSTRAP" >&2; exit 1; }
  sleep 2
done

for service in "${SERVICES[@]}"; do
  jaas=$(< "$SECRETS/kafka-jaas-$service")
  password=$(sed -n 's/.*password="\([^"]*\)".*/\1/p' <<< "$jaas")
  [[ -n "$password" ]] || { echo "kafka-init: no password in kafka-jaas-$service" >&2; exit 1; }
  printf 'SCRAM-SHA-512=iterations=8192,password=%s\n' "$password" > "$work/scram.properties"
  "$BIN/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$admin" --alter \
    --entity-type users --entity-name "$service" --add-config-file "$work/scram.properties"
  rm -f "$work/scram.properties"
done

grep -v '^#' "$HERE/topics.txt" | while read -r name partitions configs; do
  [[ -n "$name" ]] || continue
  args=()
  for config in $configs; do args+=(--config "$config"); done
  "$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$admin" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor 1 "${args[@]}"
done

grep -v '^#' "$HERE/acls.txt" | while read -r service type pattern name operations; do
  [[ -n "$service" ]] || continue
  case "$type" in
    topic) resource=(--topic "$name") ;;
    group) resource=(--group "$name") ;;
    transactionalId) resource=(--transactional-id "$name") ;;
    *) echo "kafka-init: unknown resource type $type" >&2; exit 1 ;;
  esac
  [[ "$pattern" == prefix ]] && pattern=prefixed
  ops=()
  for operation in ${operations//,/ }; do ops+=(--operation "$operation"); done
  "$BIN/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$admin" --add \
    --allow-principal "User:$service" "${resource[@]}" --resource-pattern-type "$pattern" "${ops[@]}"
done
echo "kafka-init: SCRAM users, topics and ACLs are in place"
