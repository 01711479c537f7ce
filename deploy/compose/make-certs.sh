#!/usr/bin/env bash
# Makes the compose stack's Kafka security material in deploy/compose/secrets/ (git-ignored), with the JDK's keytool:
#   kafka-ca.p12 + kafka-ca-password          the throw-away CA (kept here only to sign; never mounted)
#   kafka-broker.p12 + kafka-broker-password   the broker's key and certificate (CN=kafka, SAN kafka/localhost)
#   kafka-admin.p12 + kafka-admin-password     the admin client's certificate (CN=benchline-admin, a super user) for
#                                              the one-shot kafka-init service (SCRAM users, topics, ACLs)
#   kafka-truststore.p12 + kafka-truststore-password   the CA alone, for every client and the broker
#   kafka-jaas-<service>                       each service's SCRAM-SHA-512 login (a random password)
# Rerun it to rotate everything (a new CA, certificates and passwords), then restart the stack: RUNBOOK.md.
# Only the certificates: --certs-only keeps the SCRAM passwords.
set -euo pipefail
cd "$(dirname "$0")/secrets"
umask 077
DAYS=${DAYS:-825}
SERVICES=(signup-service provisioner-service verifier-service user-service operator-service)
command -v keytool > /dev/null || { echo "keytool (a JDK) is needed on the PATH" >&2; exit 1; }

password() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
newpass() { rm -f "$1"; printf '%s' "$(password)" > "$1"; }

rm -f kafka-ca.p12 kafka-broker.p12 kafka-admin.p12 kafka-truststore.p12 kafka-ca.crt ./*.csr ./*.crt
newpass kafka-ca-password
newpass kafka-broker-password
newpass kafka-admin-password
newpass kafka-truststore-password

# keytool reads store passwords from files through :file, so none appears on a command line.
keytool -genkeypair -alias ca -keyalg RSA -keysize 3072 -validity "$DAYS" -dname "CN=benchline-compose-ca" \
  -ext bc:c -storetype PKCS12 -keystore kafka-ca.p12 -storepass:file kafka-ca-password
keytool -exportcert -rfc -alias ca -keystore kafka-ca.p12 -storepass:file kafka-ca-password -file kafka-ca.crt
keytool -importcert -noprompt -alias ca -file kafka-ca.crt -storetype PKCS12 -keystore kafka-truststore.p12 \
  -storepass:file kafka-truststore-password

signed() { # signed <keystore> <password file> <dname> <extensions...>
  local store=$1 pass=$2 dname=$3; shift 3
  keytool -genkeypair -alias key -keyalg RSA -keysize 2048 -validity "$DAYS" -dname "$dname" \
    -storetype PKCS12 -keystore "$store" -storepass:file "$pass"
  keytool -certreq -alias key -keystore "$store" -storepass:file "$pass" -file "$store.csr"
  keytool -gencert -alias ca -keystore kafka-ca.p12 -storepass:file kafka-ca-password -validity "$DAYS" \
    -infile "$store.csr" -outfile "$store.crt" -rfc "$@"
  keytool -importcert -noprompt -alias ca -file kafka-ca.crt -keystore "$store" -storepass:file "$pass"
  keytool -importcert -noprompt -alias key -file "$store.crt" -keystore "$store" -storepass:file "$pass"
  rm -f "$store.csr" "$store.crt"
}
signed kafka-broker.p12 kafka-broker-password "CN=kafka" \
  -ext SAN=dns:kafka,dns:localhost,ip:127.0.0.1 -ext EKU=serverAuth,clientAuth
signed kafka-admin.p12 kafka-admin-password "CN=benchline-admin" -ext EKU=clientAuth
rm -f kafka-ca.crt

if [[ "${1:-}" != "--certs-only" ]]; then
  for service in "${SERVICES[@]}"; do
    rm -f "kafka-jaas-$service"
    printf 'org.apache.kafka.common.security.scram.ScramLoginModule required username="%s" password="%s";' \
      "$service" "$(password)" > "kafka-jaas-$service"
  done
fi
chmod 0400 kafka-*
echo "Made the Kafka TLS material and SCRAM logins in $PWD. Give them to the containers' users (README.md):"
echo "  sudo chown 1000 kafka-broker*                                 # the broker (apache/kafka runs as uid 1000)"
echo "  sudo chown 10001 kafka-admin* kafka-jaas-*                      # kafka-init and the services (uid 10001)"
echo "  sudo chmod 0444 kafka-truststore.p12 kafka-truststore-password  # the CA is no secret; every container reads it"
