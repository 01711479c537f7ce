#!/usr/bin/env bash
# Runs the whole Benchline system on this machine: Kafka on 127.0.0.1:9092, the Frappe simulator (SSH 2222,
# HTTP 8000), the four pipeline services on 8080-8083 (signup's actuator on 9080) and operator-service on 8090 (the
# operator API; bearer tokens in <state>/operator-token and operator-token-readonly, printed at start). Builds what
# is missing first.
# Ctrl-C stops everything. --rate-limit N: N signups per minute per client (default: no limit worth the name).
# --secure: Kafka with TLS and SASL/SCRAM (SASL_SSL on 9092), one principal per service, ACLs; state in
# deploy/local/.state-secure (the launcher prints where the admin's client properties and the truststore are).
# --pool (default) / --no-pool: the provisioner keeps standby sites or builds each on demand. --verify-email: signup-service
# mails a verification code to GreenMail inside the launcher (mails in <state>/mail/*.eml and on IMAP 127.0.0.1:3143).
# --canary: operator-service runs the signup canary every 60 s (a tagged signup, deprovisioned through the operator API).
# --benchmark N [--arrival-rate R | --concurrency C] [--warm-up W]: N signups as Poisson arrivals at R/s (or C in flight),
#   figures, stop; --warm-up W: W signups the same way first, not measured (the JVMs' steady state).
# --profile: Flight Recorder in every JVM (<state>/jfr/<process>.jfr); after --benchmark, each process's hottest methods.
# --chaos N [--seed S] [--faults LIST]: N signups at a steady rate (--arrival-rate, default 1/s) while seeded faults
#   overlap (kill -9 of services, broker kill -9 + restart, SIGSTOP past the session timeout, SSH drops, bench
#   failures/hangs, site 5xx/slow, a full host, expiring deadlines); then the invariant checker; last line
#   `chaos: N signups, F faults, invariants held` (exit 0) or `… VIOLATED: <names>`. Replay with the printed seed.
#   deploy/local/run.sh [--secure] [--fresh] [--real-durations | --time-scale F] [--state DIR] [--rate-limit N]
#                       [--pool | --no-pool] [--verify-email] [--canary] [--benchmark N [--arrival-rate R | --concurrency C] [--warm-up W]] [--profile]
#                       [--chaos N [--seed S] [--faults LIST]] [--free-ports] [--rebuild]
set -euo pipefail
cd "$(dirname "$0")/../.."

args=()
rebuild=false
for arg in "$@"; do
    case "$arg" in
        --rebuild) rebuild=true ;;
        *) args+=("$arg") ;;
    esac
done

jars=(deploy/local/dev-broker/target/dev-broker.jar deploy/local/local-stack/target/local-stack-exec.jar
      signup-service/target/signup-service-0.1.0-SNAPSHOT.jar provisioner-service/target/provisioner-service-0.1.0-SNAPSHOT.jar
      verifier-service/target/verifier-service-0.1.0-SNAPSHOT.jar user-service/target/user-service-0.1.0-SNAPSHOT.jar
      operator-service/target/operator-service-0.1.0-SNAPSHOT.jar)
for jar in "${jars[@]}"; do
    [ -f "$jar" ] || rebuild=true
done
if $rebuild; then
    echo "Building Benchline (first run takes a few minutes)…"
    mvn -B -ntp -q package -DskipTests
fi

exec java -Xmx256m -jar deploy/local/local-stack/target/local-stack-exec.jar "${args[@]+"${args[@]}"}"
