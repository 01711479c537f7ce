#!/usr/bin/env bash
# Builds the four service images from the unchanged production Dockerfile and runs the whole system in containers
# on this machine, with podman (no Docker engine, no registry): see README.md beside this file, "Testing the images".
#
#   deploy/docker/test.sh [--keep] [--no-compose]      (as root, from anywhere, after `mvn -B -ntp package -DskipTests`)
#
#   1. installs podman, runc, mmdebstrap, podman-compose when missing and sets containers.conf (runc, ulimits);
#   2. makes a Java 17 runtime base image from Debian packages with mmdebstrap, once per package list (cached);
#   3. builds the four images with `podman build --pull=never --build-arg JAVA_IMAGE=<base>`, and checks each: user
#      10001, labels naming the service, no keyset / private key / token in its filesystem;
#   4. runs Kafka (the dev broker's jar) and the Frappe simulator (its standalone jar) in containers on a user
#      network, and the four services as Kubernetes runs them: uid 10001, read-only root, tmpfs /tmp, a state volume,
#      no capabilities, secrets and application.yml mounted read-only as files, a memory limit sizing the JVM;
#   5. one signup end to end (POST -> SSE -> completed, the site answers on the simulator), then one more with
#      signup-service stopped (SIGTERM) and started again in the middle; the site still gets built and the stream
#      reports completed;
#   6. prints per image: size, layers, start-to-ready, RSS at rest, heap from the limit, stop time;
#   7. validates deploy/compose/compose.yaml with podman-compose (config + up) through compose.test.yaml.
# (Pipelines end in `grep > /dev/null`, not `grep -q`: with pipefail, grep -q's early exit can fail the writer.)
# Exits non-zero on the first real problem, saying what it was; containers' logs are printed on failure.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VERSION=0.1.0-SNAPSHOT
SERVICES=(signup-service provisioner-service verifier-service user-service)
KEEP=false
COMPOSE=true
for arg in "$@"; do
    case "$arg" in
        --keep) KEEP=true ;;         # leave containers, network and volumes for a look (remove: rerun without it)
        --no-compose) COMPOSE=false ;;
        -h | --help) sed -n '2,22p' "$0"; exit 0 ;;
        *) echo "unknown option $arg" >&2; exit 2 ;;
    esac
done

PREFIX=benchline-ct                                    # every container, network and volume this script makes
NET=$PREFIX
WORK=$(mktemp -d /tmp/benchline-containers.XXXXXX)
T0=$(date +%s)
declare -A READY_S RSS_MIB HEAP_MIB LIMIT STOP_S HOST_PORT MGMT_PORT

log() { printf '[containers %3ss] %s\n' "$(($(date +%s) - T0))" "$*"; }
die() {
    echo "CONTAINER TEST FAILED: $*" >&2
    exit 1
}
now_ms() { date +%s%3N; }

cleanup() {
    local rc=$?
    if [[ $rc -ne 0 ]]; then
        for c in $(podman ps -a --filter "label=io.benchline.test=$PREFIX" --format '{{.Names}}' 2>/dev/null); do
            echo "---- last lines of $c (podman logs) ----" >&2
            podman logs --tail 40 "$c" >&2 2>&1 || true
        done
    fi
    if [[ $KEEP == false ]]; then
        [[ $COMPOSE == true ]] && compose_down
        remove_all
        rm -rf "$WORK"
    else
        echo "kept: containers/network/volumes prefixed $PREFIX, files in $WORK"
    fi
    exit $rc
}

remove_all() {
    local ids
    ids=$(podman ps -aq --filter "label=io.benchline.test=$PREFIX" 2>/dev/null || true)
    [[ -n "$ids" ]] && podman rm -f -t 5 $ids > /dev/null 2>&1
    podman volume ls -q --filter "label=io.benchline.test=$PREFIX" 2>/dev/null | xargs -r podman volume rm -f > /dev/null
    podman network rm -f "$NET" > /dev/null 2>&1 || true
}

# ---------------------------------------------------------------------------------------------------------------
# 1. Tools
# ---------------------------------------------------------------------------------------------------------------
install_tools() {
    [[ $(id -u) == 0 ]] || die "run as root: rootful podman (the machines of this project give root; rootless podman needs subuids)"
    local missing=()
    command -v podman > /dev/null || missing+=(podman)
    command -v runc > /dev/null || missing+=(runc)
    command -v mmdebstrap > /dev/null || missing+=(mmdebstrap)
    command -v podman-compose > /dev/null || missing+=(podman-compose)
    [[ -x /usr/lib/podman/netavark ]] || missing+=(netavark)
    [[ -x /usr/lib/podman/aardvark-dns ]] || missing+=(aardvark-dns) # names on a user network
    command -v iptables > /dev/null || missing+=(iptables)           # netavark's port forwarding and NAT
    command -v curl > /dev/null || missing+=(curl)
    command -v ssh-keygen > /dev/null || missing+=(openssh-client)
    command -v python3 > /dev/null || missing+=(python3)
    if [[ ${#missing[@]} -gt 0 ]]; then
        log "installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
    fi
    # stack-notes §12: crun refuses this machine's hybrid cgroup layout; without explicit ulimits runc fails with
    # "setrlimit ... Operation not permitted".
    local conf=/etc/containers/containers.conf
    if [[ ! -f $conf ]]; then
        mkdir -p /etc/containers
        cat > "$conf" << 'EOF'
# Written by Benchline's deploy/docker/test.sh (stack-notes §12): runc, not crun; explicit default ulimits.
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]

[engine]
runtime = "runc"
EOF
    elif ! grep -q 'runtime *= *"runc"' "$conf" || ! grep -q default_ulimits "$conf"; then
        die "$conf exists without runtime = \"runc\" and default_ulimits (stack-notes §12); add them"
    fi
}

# ---------------------------------------------------------------------------------------------------------------
# 2. The Java 17 runtime base, from Debian packages, cached by its recipe
# ---------------------------------------------------------------------------------------------------------------
BASE_SUITE=bookworm
BASE_PACKAGES=(openjdk-17-jre-headless ca-certificates passwd)   # passwd: groupadd/useradd of the Dockerfile
# Not /usr/share/man: the JRE's postinst links its man pages with update-alternatives and fails without the folder.
BASE_EXCLUDES=('/usr/share/doc/*' '/usr/share/info/*' '/usr/share/locale/*' '/usr/share/lintian/*')
base_image() {
    local recipe key
    recipe="suite=$BASE_SUITE variant=minbase packages=${BASE_PACKAGES[*]} excludes=${BASE_EXCLUDES[*]} v1"
    key=$(printf '%s' "$recipe" | sha256sum | cut -c1-12)
    BASE=localhost/benchline/java17-runtime:$key
    if podman image exists "$BASE"; then
        log "base image $BASE cached ($(image_mb "$BASE") MB)"
        return
    fi
    log "making base image $BASE with mmdebstrap ($recipe)"
    local started=$SECONDS dpkgopts=() include
    for e in "${BASE_EXCLUDES[@]}"; do dpkgopts+=(--dpkgopt="path-exclude=$e"); done
    include=$(IFS=,; echo "${BASE_PACKAGES[*]}")
    mmdebstrap --quiet --variant=minbase --include="$include" "${dpkgopts[@]}" \
        --dpkgopt='path-include=/usr/share/doc/*/copyright' "$BASE_SUITE" "$WORK/base.tar" \
        || die "mmdebstrap could not make the base root filesystem"
    podman import --quiet \
        --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["/bin/bash"]' \
        --change "LABEL io.benchline.base.recipe=\"$recipe\"" \
        "$WORK/base.tar" "$BASE" > /dev/null
    rm -f "$WORK/base.tar"
    if ! podman run --rm "$BASE" java -version 2>&1 | grep 'version "17' > /dev/null; then
        podman rmi -f "$BASE" > /dev/null   # never cache a broken base
        die "the base image has no Java 17"
    fi
    log "base image made in $((SECONDS - started)) s ($(image_mb "$BASE") MB)"
}

image_mb() { podman image inspect --format '{{.Size}}' "$1" | awk '{printf "%.0f", $1 / 1000000}'; }

# ---------------------------------------------------------------------------------------------------------------
# 3. Images and their checks
# ---------------------------------------------------------------------------------------------------------------
build_images() {
    for s in "${SERVICES[@]}"; do
        [[ -f "$ROOT/$s/target/$s-$VERSION.jar" ]] || die "$s/target/$s-$VERSION.jar missing: run mvn -B -ntp package -DskipTests first"
    done
    for jar in deploy/local/dev-broker/target/dev-broker.jar frappe-simulator/target/frappe-simulator.jar; do
        [[ -f "$ROOT/$jar" ]] || die "$jar missing: run mvn -B -ntp package -DskipTests first"
    done
    # One after the other: on two cores parallel builds only interleave the same CPU-bound layer extraction.
    local started
    for s in "${SERVICES[@]}"; do
        started=$(now_ms)
        podman build --quiet --pull=never -f "$ROOT/deploy/docker/Dockerfile" \
            --ignorefile "$ROOT/deploy/docker/Dockerfile.dockerignore" \
            --build-arg SERVICE="$s" --build-arg JAVA_IMAGE="$BASE" \
            -t "benchline/$s:$VERSION" "$ROOT" > /dev/null 2> "$WORK/build-$s.log" \
            || { cat "$WORK/build-$s.log" >&2; die "podman build of $s failed"; }
        log "built benchline/$s:$VERSION in $(( ($(now_ms) - started) / 1000 )) s"
    done
    for t in dev-broker frappe-simulator; do
        podman build --quiet --pull=never -f "$ROOT/deploy/docker/test/$t.Containerfile" \
            --ignorefile "$ROOT/deploy/docker/test/test.dockerignore" --build-arg JAVA_IMAGE="$BASE" \
            -t "localhost/benchline-test/$t:$VERSION" "$ROOT" > /dev/null 2> "$WORK/build-$t.log" \
            || { cat "$WORK/build-$t.log" >&2; die "podman build of the $t test image failed"; }
    done
    log "built the test images (dev-broker, frappe-simulator)"
}

check_image() {
    local s=$1 image=benchline/$s:$VERSION user title mnt found
    user=$(podman image inspect --format '{{.Config.User}}' "$image")
    [[ $user == 10001:10001 ]] || die "$image runs as '$user', not 10001:10001"
    title=$(podman image inspect --format '{{index .Config.Labels "org.opencontainers.image.title"}}' "$image")
    [[ $title == "benchline-$s" ]] || die "$image is labelled '$title', not benchline-$s"
    podman image inspect --format '{{index .Config.Labels "org.opencontainers.image.description"}}' "$image" \
        | grep "$s" > /dev/null || die "$image's description label does not name $s"
    found=$(scan_image "$image")
    [[ -z "$found" ]] || die "$image contains secret material:
$found"
    # Only the services' jars reached the build context (Dockerfile.dockerignore): no other module's files.
    podman run --rm --entrypoint /bin/sh "$image" -c 'test ! -e /build && ls /app/BOOT-INF/lib | grep -q "^platform-"' \
        || die "$image's /app is not the layered Boot application"
}

# Prints what in the image's whole filesystem (as a container sees it) looks like a secret; nothing when clean.
scan_image() {
    local image=$1 mnt found
    mnt=$(podman image mount "$image")
    found=$(
        cd "$mnt"
        {
            # Key material by name anywhere but the CA bundle (public certificates only).
            find . -xdev \( -name '*.p12' -o -name '*.jks' -o -name '*.pfx' -o -name '*.key' -o -name 'id_*' \
                -o -name '*keyset*' -o -name 'known_hosts' -o -name 'authorized_keys' -o -name '*.token' \) \
                -not -path './etc/ssl/certs/*' -not -path './usr/share/ca-certificates/*' -not -path './proc/*' \
                -printf '%p: key material by its name\n' || true
            # Private keys and Tink keysets by content, in every text file of the image outside the JDK's own
            # modules image.
            grep -rlIZ --exclude-dir=proc --exclude-dir=sys -e '-----BEGIN [A-Z ]*PRIVATE KEY-----' \
                -e '"primaryKeyId"' -e 'BEGIN OPENSSH PRIVATE KEY' . 2>/dev/null \
                | xargs -0 -r -I{} echo "{}: private key or keyset content" || true
            # Secrets in the application's own configuration (tokens, passwords, JAAS logins with a password).
            grep -rnIE --include='*.yml' --include='*.yaml' --include='*.properties' \
                -e 'token-key:[[:space:]]*[^[:space:]$]' -e 'password="[^"]' -e 'password:[[:space:]]*[^[:space:]$]' \
                ./app/BOOT-INF/classes ./etc/benchline 2>/dev/null | sed 's/$/: a secret value in configuration/' || true
        } | sort -u
    )
    podman image unmount "$image" > /dev/null
    printf '%s' "$found"
}

# The scan finds what it is for: an image with a keyset and an SSH private key slipped in is caught.
check_the_scan() {
    local ctx=$WORK/planted
    mkdir -p "$ctx"
    cp "$SECRETS/customer-password.json" "$ctx/settings.json"
    cp "$SECRETS/bench-ssh-key" "$ctx/deploy-identity"
    printf 'FROM benchline/user-service:%s\nCOPY settings.json /app/BOOT-INF/classes/settings.json\nCOPY deploy-identity /etc/benchline/deploy-identity\n' \
        "$VERSION" > "$ctx/Containerfile"
    podman build --quiet --pull=never -t "localhost/benchline-test/planted:$VERSION" "$ctx" > /dev/null 2>&1 \
        || die "could not build the image with planted secrets"
    local found
    found=$(scan_image "localhost/benchline-test/planted:$VERSION")
    podman rmi -f "localhost/benchline-test/planted:$VERSION" > /dev/null
    grep settings.json <<< "$found" > /dev/null && grep deploy-identity <<< "$found" > /dev/null \
        || die "the image scan misses planted secrets; it found only: $found"
    log "the image scan catches a keyset and an SSH private key planted in an image"
}

# ---------------------------------------------------------------------------------------------------------------
# 4. The system in containers
# ---------------------------------------------------------------------------------------------------------------
label=(--label "io.benchline.test=$PREFIX")

prepare_secrets() {
    local s=$WORK/secrets
    install -d -m 0700 "$s" "$s/out"
    chown 10001:10001 "$s/out"
    # Keysets made by the image itself, as deploy/docker/README.md says (GenerateKeyset is in every service jar).
    for keyset in customer-password site-credentials login-key; do
        podman run --rm "${label[@]}" --user 10001:10001 --read-only --read-only-tmpfs=false --cap-drop=ALL -v "$s/out:/out" \
            --entrypoint java "benchline/user-service:$VERSION" \
            -Dloader.main=io.benchline.platform.secrets.GenerateKeyset -cp /app \
            org.springframework.boot.loader.launch.PropertiesLauncher "/out/$keyset.json" > /dev/null \
            || die "GenerateKeyset in the user-service image failed"
        [[ -s "$s/out/$keyset.json" ]] || die "GenerateKeyset wrote no $keyset.json"
    done
    ssh-keygen -q -t ecdsa -b 256 -N '' -C benchline-container-test -f "$s/out/bench-ssh-key"
    head -c 32 /dev/urandom | base64 | tr -d '\n' > "$s/out/benchline.signup.stream-access.token-key"
    mkdir -p "$s/simulator"
    cp "$s/out/bench-ssh-key.pub" "$s/simulator/authorized_keys"
    # As Kubernetes mounts secrets (defaultMode 0440 here 0400, owned by the pod's user): readable by 10001 only.
    chown -R 10001:10001 "$s/out" "$s/simulator"
    chmod 0400 "$s"/out/* "$s/simulator/authorized_keys"
    SECRETS=$s/out
}

wait_until() { # wait_until <seconds> <what> <command...>
    local limit=$1 what=$2 deadline
    shift 2
    deadline=$((SECONDS + limit))
    until "$@" > /dev/null 2>&1; do
        [[ $SECONDS -lt $deadline ]] || die "$what not within $limit s"
        sleep 1
    done
}

published_port() { podman port "$1" "$2/tcp" | sed -n 1p | sed 's/.*://'; }

start_kafka_and_simulator() {
    podman network create "${label[@]}" "$NET" > /dev/null
    podman volume create "${label[@]}" "$PREFIX-kafka-data" > /dev/null
    podman volume create "${label[@]}" "$PREFIX-simulator-state" > /dev/null
    local started
    started=$(now_ms)
    podman run -d "${label[@]}" --name "$PREFIX-kafka" --network "$NET" --network-alias kafka \
        --user 10001:10001 --read-only --read-only-tmpfs=false --tmpfs /tmp:rw,mode=1777,size=64m --cap-drop=ALL \
        --security-opt no-new-privileges --memory 768m -v "$PREFIX-kafka-data:/var/lib/kafka" \
        -p 127.0.0.1::9092 "localhost/benchline-test/dev-broker:$VERSION" > /dev/null
    podman run -d "${label[@]}" --name "$PREFIX-simulator" --network "$NET" --network-alias simulator \
        --user 10001:10001 --read-only --read-only-tmpfs=false --tmpfs /tmp:rw,mode=1777,size=64m --cap-drop=ALL \
        --security-opt no-new-privileges --memory 512m -v "$PREFIX-simulator-state:/var/lib/simulator" \
        -v "$WORK/secrets/simulator/authorized_keys:/run/secrets/simulator/authorized_keys:ro" \
        -p 127.0.0.1::8000 "localhost/benchline-test/frappe-simulator:$VERSION" --time-scale 0.05 > /dev/null
    KAFKA_PORT=$(published_port "$PREFIX-kafka" 9092)
    SIM_PORT=$(published_port "$PREFIX-simulator" 8000)
    # Readiness from outside: Kafka's listener accepts connections and says so; the simulator answers HTTP.
    wait_until 180 "Kafka ready" bash -c "podman logs $PREFIX-kafka 2>&1 | grep -q 'Kafka listening' && </dev/tcp/127.0.0.1/$KAFKA_PORT"
    READY_S[kafka]=$(( ($(now_ms) - started) / 100 ))
    wait_until 120 "simulator ready" curl -fsS "http://127.0.0.1:$SIM_PORT/_simulator/commands"
    READY_S[simulator]=$(( ($(now_ms) - started) / 100 ))
    SIMULATOR_IP=$(podman inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$PREFIX-simulator")
    # The simulator prints its known_hosts line for its bind address; the provisioner knows it by name and port.
    local line
    line=$(podman logs "$PREFIX-simulator" 2>&1 | grep -A1 'known_hosts line' | tail -1)
    [[ $line == *ecdsa* || $line == *ssh-* ]] || die "no known_hosts line in the simulator's output"
    echo "[simulator]:2222 ${line#* }" > "$SECRETS/known_hosts"
    chown 10001:10001 "$SECRETS/known_hosts"
    chmod 0400 "$SECRETS/known_hosts"
    log "Kafka ready in $(tenths "${READY_S[kafka]}") s, simulator in $(tenths "${READY_S[simulator]}") s (at $SIMULATOR_IP)"
}

tenths() { printf '%d.%d' $(($1 / 10)) $(($1 % 10)); }

# What Kubernetes gives each service (deploy/k8s/base): memory limit, grace period, ports, secret files.
limit_of() { case $1 in signup-service) echo 1g ;; *) echo 768m ;; esac; }
grace_of() { case $1 in signup-service | verifier-service) echo 60 ;; user-service) echo 120 ;; provisioner-service) echo 1500 ;; esac; }
port_of() { case $1 in signup-service) echo 8080 ;; provisioner-service) echo 8081 ;; verifier-service) echo 8082 ;; user-service) echo 8083 ;; esac; }
mgmt_of() { [[ $1 == signup-service ]] && echo 9080 || port_of "$1"; }

run_service() {
    local s=$1 args=()
    mkdir -p "$WORK/config"
    sed "s/@SIMULATOR_IP@/$SIMULATOR_IP/" "$ROOT/deploy/docker/test/config/$s.yml" > "$WORK/config/$s.yml"
    chmod 0444 "$WORK/config/$s.yml"
    local ro=(--read-only --read-only-tmpfs=false --tmpfs /tmp:rw,mode=1777,size=128m --cap-drop=ALL --security-opt no-new-privileges)
    case $s in
        signup-service)
            podman volume exists "$PREFIX-signup-state" || podman volume create "${label[@]}" "$PREFIX-signup-state" > /dev/null
            args+=(-v "$PREFIX-signup-state:/var/lib/benchline"
                -v "$SECRETS/customer-password.json:/run/secrets/benchline/customer-password.json:ro"
                -v "$SECRETS/benchline.signup.stream-access.token-key:/run/secrets/benchline-stream-access/benchline.signup.stream-access.token-key:ro"
                -e "JDK_JAVA_OPTIONS=-XX:MaxRAMPercentage=60.0 -XX:+UseG1GC" -p 127.0.0.1::8080 -p 127.0.0.1::9080) ;;
        provisioner-service)
            args+=(-v "$SECRETS/site-credentials.json:/run/secrets/benchline/site-credentials.json:ro"
                -v "$SECRETS/bench-ssh-key:/run/secrets/benchline-ssh/bench-ssh-key:ro"
                -v "$SECRETS/known_hosts:/run/secrets/benchline-ssh/known_hosts:ro" -p 127.0.0.1::8081) ;;
        verifier-service)
            args+=(-v "$SECRETS/site-credentials.json:/run/secrets/benchline/site-credentials.json:ro" -p 127.0.0.1::8082) ;;
        user-service)
            args+=(-v "$SECRETS/customer-password.json:/run/secrets/benchline/customer-password.json:ro"
                -v "$SECRETS/site-credentials.json:/run/secrets/benchline/site-credentials.json:ro" -p 127.0.0.1::8083) ;;
    esac
    podman run -d "${label[@]}" --name "$PREFIX-$s" --network "$NET" --network-alias "$s" \
        --user 10001:10001 "${ro[@]}" --memory "$(limit_of "$s")" --stop-timeout "$(grace_of "$s")" \
        -v "$WORK/config/$s.yml:/etc/benchline/application.yml:ro" "${args[@]}" \
        "benchline/$s:$VERSION" > /dev/null
    HOST_PORT[$s]=$(published_port "$PREFIX-$s" "$(port_of "$s")")
    MGMT_PORT[$s]=$(published_port "$PREFIX-$s" "$(mgmt_of "$s")")
}

readiness() { curl -fsS "http://127.0.0.1:${MGMT_PORT[$1]}/actuator/health/readiness" | grep '"UP"' > /dev/null; }

await_ready() { # await_ready <service> <started ms> -> READY_S in tenths of a second
    local s=$1 started=$2 deadline=$((SECONDS + 300))
    until readiness "$s" 2> /dev/null; do
        [[ $(podman inspect --format '{{.State.Running}}' "$PREFIX-$s") == true ]] || die "$s exited before it was ready"
        [[ $SECONDS -lt $deadline ]] || die "$s not ready within 300 s"
        sleep 0.5
    done
    READY_S[$s]=$(( ($(now_ms) - started) / 100 ))
}

start_services() {
    local started
    started=$(now_ms)
    for s in "${SERVICES[@]}"; do run_service "$s"; done
    # All four start at once (as a Deployment rollout would); each is polled from outside until ready.
    for s in "${SERVICES[@]}"; do await_ready "$s" "$started"; done
    for s in "${SERVICES[@]}"; do log "$s ready $(tenths "${READY_S[$s]}") s after the four were started"; done
    check_running_as_kubernetes
}

# The running containers are what Kubernetes' securityContext asks for, seen from inside.
check_running_as_kubernetes() {
    for s in "${SERVICES[@]}"; do
        local c=$PREFIX-$s status
        status=$(podman exec "$c" cat /proc/1/status)
        grep -qE '^Uid:\s+10001\s' <<< "$status" || die "$s's process does not run as uid 10001"
        grep -qE '^CapEff:\s+0+$' <<< "$status" || die "$s's process has capabilities: $(grep CapEff <<< "$status")"
        grep -qE '^NoNewPrivs:\s+1$' <<< "$status" || die "$s may gain privileges"
        podman exec "$c" sh -c 'touch /app/x || touch /run/x || touch /var/tmp/x' 2> /dev/null \
            && die "$s can write its root filesystem"
        podman exec "$c" sh -c 'touch /tmp/x && rm /tmp/x' || die "$s cannot write /tmp"
        podman exec "$c" sh -c 'test -r /etc/benchline/application.yml && ! test -w /etc/benchline/application.yml' \
            || die "$s's application.yml is not a read-only file it can read"
        podman exec "$c" sh -c 'for f in $(find /run/secrets -type f); do test -r "$f" && ! test -w "$f" || exit 1; done' \
            || die "$s's secrets are not read-only files it can read"
        [[ $s == signup-service ]] && { podman exec "$c" sh -c 'touch /var/lib/benchline/x && rm /var/lib/benchline/x' \
            || die "signup-service cannot write its state volume"; }
    done
    podman exec "$PREFIX-verifier-service" sh -c 'test ! -e /run/secrets/benchline/customer-password.json' \
        || die "verifier-service was given the customer-password keyset"
    log "each service runs as uid 10001, no capabilities, no new privileges, read-only root, read-only secrets"
}

# ---------------------------------------------------------------------------------------------------------------
# 5. Signups through the containers
# ---------------------------------------------------------------------------------------------------------------
PASSWORD=Plover-Quartz-Lantern-42
post_signup() { # post_signup <subdomain> -> prints tenantId and eventsUrl, one per line
    local sub=$1 body response
    body=$(printf '{"organization":"%s Ltd","subdomain":"%s","email":"jane@%s.example","firstName":"Jane","lastName":"Doe","password":"%s","plan":"pro","country":"DE","timezone":"Europe/Berlin","currency":"EUR"}' \
        "$sub" "$sub" "$sub" "$PASSWORD")
    response=$(curl -sS -w '\n%{http_code}' -H 'Content-Type: application/json' \
        "http://127.0.0.1:${HOST_PORT[signup-service]}/api/signups" -d "$body")
    [[ $(tail -1 <<< "$response") == 202 ]] || die "POST /api/signups for $sub answered $(tail -1 <<< "$response"): $(head -1 <<< "$response")"
    head -1 <<< "$response" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["tenantId"]); print(d["eventsUrl"])'
}

follow() { # follow <eventsUrl> <file> <seconds>: the SSE stream until the server ends it
    curl -sS -N --max-time "$3" -H 'Accept: text/event-stream' \
        "http://127.0.0.1:${HOST_PORT[signup-service]}$1" > "$2" 2> /dev/null || true
}

last_event() { grep '^event:' "$1" | tail -1 | sed 's/^event: *//'; }

site_answers() { # the simulator serves the site, ERPNext installed, and its nginx answers by the site's name
    local site=$1.sites.test state
    state=$(curl -fsS "http://127.0.0.1:$SIM_PORT/_simulator/sites/$site") || die "the simulator has no site $site"
    python3 -c 'import json,sys; d=json.loads(sys.argv[1]); sys.exit(0 if d.get("state")=="READY" and "erpnext" in d.get("installedApps",[]) else 1)' "$state" \
        || die "site $site is not READY with erpnext: $state"
    local code
    code=$(curl -sS -o /dev/null -w '%{http_code}' -H "Host: $site" \
        "http://127.0.0.1:$SIM_PORT/api/method/frappe.auth.get_logged_user")
    [[ $code =~ ^(200|401|403)$ ]] || die "site $site does not answer on the simulator (HTTP $code)"
}

signup_end_to_end() {
    local sub=ct-happy-$RANDOM out tenant url started
    started=$(now_ms)
    out=$(post_signup "$sub")
    tenant=$(sed -n 1p <<< "$out")
    url=$(sed -n 2p <<< "$out")
    follow "$url" "$WORK/sse-happy.txt" 240
    [[ $(last_event "$WORK/sse-happy.txt") == completed ]] \
        || die "signup $tenant did not complete; its stream: $(tail -c 2000 "$WORK/sse-happy.txt")"
    grep -q '"stage":"create_site"' "$WORK/sse-happy.txt" || die "signup $tenant's stream has no create_site progress"
    site_answers "$sub"
    grep -q "$PASSWORD" "$WORK/sse-happy.txt" && die "the customer's password is in the event stream"
    log "signup $sub: POST -> SSE completed in $(( ($(now_ms) - started) / 1000 )) s; $sub.sites.test answers on the simulator"
}

# signup-service is stopped with SIGTERM while the signup is in flight (its SSE stream open), started again on the
# same state volume and token key; the rest of the pipeline goes on through Kafka, and the reopened stream (same URL,
# same token) reports completed.
signup_across_a_restart() {
    local sub=ct-restart-$RANDOM out tenant url follower stopped started code
    out=$(post_signup "$sub")
    tenant=$(sed -n 1p <<< "$out")
    url=$(sed -n 2p <<< "$out")
    follow "$url" "$WORK/sse-before.txt" 240 &
    follower=$!
    wait_until 60 "the first progress event of $tenant" grep -q '^event:' "$WORK/sse-before.txt"
    [[ $(last_event "$WORK/sse-before.txt") != completed ]] || die "signup $tenant completed before the restart"
    stopped=$(now_ms)
    podman stop -t "$(grace_of signup-service)" "$PREFIX-signup-service" > /dev/null
    RESTART_STOP=$(( ($(now_ms) - stopped) / 100 ))
    code=$(podman inspect --format '{{.State.ExitCode}}' "$PREFIX-signup-service")
    [[ $code == 143 || $code == 0 ]] || die "signup-service exited $code on SIGTERM (137: killed after the grace period)"
    wait "$follower" || true
    # Graceful shutdown lets the open stream run on for up to 30 s; whatever it saw, the stream after the restart
    # must report the outcome.
    local before
    before=$(grep -c '^event:' "$WORK/sse-before.txt" || true)
    started=$(now_ms)
    local first_start=${READY_S[signup-service]}
    podman start "$PREFIX-signup-service" > /dev/null
    HOST_PORT[signup-service]=$(published_port "$PREFIX-signup-service" 8080)
    MGMT_PORT[signup-service]=$(published_port "$PREFIX-signup-service" 9080)
    await_ready signup-service "$started"
    RESTART_READY=${READY_S[signup-service]}
    READY_S[signup-service]=$first_start
    follow "$url" "$WORK/sse-after.txt" 240
    [[ $(last_event "$WORK/sse-after.txt") == completed ]] \
        || die "signup $tenant did not complete after signup-service's restart; its stream: $(tail -c 2000 "$WORK/sse-after.txt")"
    site_answers "$sub"
    log "signup $sub: signup-service stopped by SIGTERM mid-signup in $(tenths "$RESTART_STOP") s (exit $code; $before events before the stop, the last '$(last_event "$WORK/sse-before.txt")'), ready again in $(tenths "$RESTART_READY") s, the reopened stream says completed"
}

# ---------------------------------------------------------------------------------------------------------------
# 6. Figures
# ---------------------------------------------------------------------------------------------------------------
measure_at_rest() {
    sleep 10   # at rest: no signup in flight, after the last one's commits and flushes
    for c in kafka simulator "${SERVICES[@]}"; do
        local name=$PREFIX-$c pid
        pid=$(podman inspect --format '{{.State.Pid}}' "$name")
        RSS_MIB[$c]=$(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
    done
    # The heap the running JVM took from its container's memory limit (Micrometer's jvm_memory_max_bytes): the
    # Dockerfile's default JDK_JAVA_OPTIONS (MaxRAMPercentage 75), or signup-service's own 60 as deploy/k8s sets it
    # (a deployment's value must win over the image's default: measured, not assumed).
    for s in "${SERVICES[@]}"; do
        local heap limit_mib percent=75
        [[ $s == signup-service ]] && percent=60
        heap=$(curl -fsS "http://127.0.0.1:${MGMT_PORT[$s]}/actuator/prometheus" \
            | awk '/^jvm_memory_max_bytes\{.*area="heap"/ {if ($NF > 0) sum += $NF} END {printf "%.0f", sum / 1048576}')
        HEAP_MIB[$s]=$heap
        limit_mib=$(( $(podman inspect --format '{{.HostConfig.Memory}}' "$PREFIX-$s") / 1048576 ))
        LIMIT[$s]=$limit_mib
        # Within 85-105 % of the percentage of the limit (one survivor space is not counted in the pools' maxima).
        (( heap * 100 >= limit_mib * percent * 85 / 100 && heap * 100 <= limit_mib * percent * 105 / 100 )) \
            || die "$s's heap is $heap MiB, not ~$percent % of its $limit_mib MiB memory limit"
    done
}

stop_all_within_grace() {
    for s in provisioner-service verifier-service user-service signup-service; do
        local stopped code
        stopped=$(now_ms)
        podman stop -t "$(grace_of "$s")" "$PREFIX-$s" > /dev/null
        STOP_S[$s]=$(( ($(now_ms) - stopped) / 100 ))
        code=$(podman inspect --format '{{.State.ExitCode}}' "$PREFIX-$s")
        [[ $code == 143 || $code == 0 ]] || die "$s exited $code on SIGTERM (137: killed after its grace period)"
    done
    log "SIGTERM stopped each service within its grace period (exit 143)"
}

print_figures() {
    local load
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    echo
    echo "Images (podman $(podman --version | awk '{print $3}'), base $BASE $(image_mb "$BASE") MB; load average now $load on $(nproc) cores)"
    printf '%-22s %8s %7s %9s %14s %9s %10s %10s %8s\n' image "size MB" layers "app layer" "start->ready s" "RSS MiB" "limit MiB" "heap MiB" "stop s"
    for s in "${SERVICES[@]}"; do
        local image=benchline/$s:$VERSION layers app
        layers=$(podman image inspect --format '{{len .RootFS.Layers}}' "$image")
        # The application layer: what a code change re-ships (the last COPY).
        app=$(podman history --format '{{.Size}}|{{.CreatedBy}}' "$image" | awk -F'|' '/COPY/ && !done {print $1; done = 1}' | tr -d ' ')
        printf '%-22s %8s %7s %9s %14s %9s %10s %10s %8s\n' "$s" "$(image_mb "$image")" "$layers" "$app" \
            "$(tenths "${READY_S[$s]}")" "${RSS_MIB[$s]}" "${LIMIT[$s]}" "${HEAP_MIB[$s]}" "$(tenths "${STOP_S[$s]}")"
    done
    printf '%-22s %8s %7s %9s %14s %9s\n' "kafka (dev-broker)" "$(image_mb "localhost/benchline-test/dev-broker:$VERSION")" \
        "$(podman image inspect --format '{{len .RootFS.Layers}}' "localhost/benchline-test/dev-broker:$VERSION")" - \
        "$(tenths "${READY_S[kafka]}")" "${RSS_MIB[kafka]}"
    printf '%-22s %8s %7s %9s %14s %9s\n' "frappe-simulator" "$(image_mb "localhost/benchline-test/frappe-simulator:$VERSION")" \
        "$(podman image inspect --format '{{len .RootFS.Layers}}' "localhost/benchline-test/frappe-simulator:$VERSION")" - \
        "$(tenths "${READY_S[simulator]}")" "${RSS_MIB[simulator]}"
    echo "signup-service stopped mid-signup in $(tenths "$RESTART_STOP") s, ready again on its state volume in $(tenths "$RESTART_READY") s"
    echo
}

# ---------------------------------------------------------------------------------------------------------------
# 7. Compose
# ---------------------------------------------------------------------------------------------------------------
COMPOSE_PROJECT=$PREFIX-compose
compose() {
    (cd "$ROOT/deploy/compose" && podman-compose -p "$COMPOSE_PROJECT" -f compose.yaml -f compose.test.yaml "$@")
}

compose_down() {
    compose down -t 10 > /dev/null 2>&1 || true
    podman ps -aq --filter "label=io.podman.compose.project=$COMPOSE_PROJECT" | xargs -r podman rm -f > /dev/null 2>&1 || true
    podman volume ls -q --filter "label=io.podman.compose.project=$COMPOSE_PROJECT" | xargs -r podman volume rm -f > /dev/null
    podman network ls -q --filter "label=io.podman.compose.project=$COMPOSE_PROJECT" | xargs -r podman network rm -f > /dev/null
}

# compose.yaml with compose.test.yaml (its stand-ins for the images nobody can pull here) comes up with podman-compose:
# every container is created with its mounts and secrets, the four services get ready against the stand-in broker, and
# inside each container every mounted file is readable by the container's user.
compose_check() {
    local dir=$WORK/compose busy=""
    for port in 8080 8090 9090 3000; do
        (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null && busy+=" $port"
    done
    if [[ -n $busy ]]; then
        echo "COMPOSE UP SKIPPED: ports$busy (published by compose.yaml) are taken on this machine"
        return
    fi
    podman tag "$BASE" localhost/benchline-test/standin:latest
    # The operator's steps of deploy/compose/README.md, into a throw-away folder: make-certs.sh, keysets, SSH
    # material, Grafana's password.
    mkdir -p "$dir/secrets"
    cp "$ROOT/deploy/compose/make-certs.sh" "$dir/"
    command -v keytool > /dev/null || die "keytool (a JDK) is needed for make-certs.sh"
    "$dir/make-certs.sh" > /dev/null 2>&1 || die "deploy/compose/make-certs.sh failed"
    cp "$SECRETS/customer-password.json" "$SECRETS/site-credentials.json" "$SECRETS/login-key.json" "$SECRETS/bench-ssh-key" \
        "$dir/secrets/"
    echo "bench-1.internal.example.com $(cut -d' ' -f2- "$SECRETS/known_hosts")" > "$dir/secrets/bench-known-hosts"
    head -c 18 /dev/urandom | base64 > "$dir/secrets/grafana-admin-password"
    chown -R 10001:10001 "$dir/secrets"
    chmod 0400 "$dir"/secrets/*
    chmod 0444 "$dir/secrets/kafka-truststore.p12" "$dir/secrets/kafka-truststore-password"
    export BENCHLINE_COMPOSE_SECRETS=$dir/secrets
    compose_down
    local started
    started=$(now_ms)
    compose up -d > "$WORK/compose-up.log" 2>&1 || { cat "$WORK/compose-up.log" >&2; die "podman-compose up failed"; }
    grep -E '^Error|Error: ' "$WORK/compose-up.log" | grep -v 'inspecting object' >&2 \
        && die "podman-compose up reported errors (above)"
    local c ip port deadline
    for s in "${SERVICES[@]}"; do
        c=${COMPOSE_PROJECT}_${s}_1
        port=$(mgmt_of "$s")
        ip=$(podman inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$c")
        deadline=$((SECONDS + 300))
        until curl -fsS "http://$ip:$port/actuator/health/readiness" 2> /dev/null | grep '"UP"' > /dev/null; do
            [[ $SECONDS -lt $deadline ]] || die "compose's $s not ready within 300 s"
            [[ $(podman inspect --format '{{.State.Running}}' "$c") == true ]] || die "compose's $s exited"
            sleep 1
        done
        # Every file compose mounts into it (config, secrets) is readable by the service's user, none writable.
        podman inspect --format '{{range .Mounts}}{{.Destination}} {{.RW}}{{"\n"}}{{end}}' "$c" | while read -r dest rw; do
            [[ -z $dest || $dest == /var/lib/benchline ]] && continue
            [[ $rw == false ]] || die "compose mounts $dest into $s writable"
            podman exec "$c" sh -c "test -r '$dest'" || die "compose's $s cannot read $dest"
        done
    done
    for s in kafka prometheus grafana; do
        [[ $(podman inspect --format '{{.State.Running}}' "${COMPOSE_PROJECT}_${s}_1") == true ]] \
            || die "compose's $s stand-in is not running (its mounted files are missing?)"
    done
    podman inspect --format '{{range .Mounts}}{{.Destination}}{{"\n"}}{{end}}' "${COMPOSE_PROJECT}_kafka-init_1" \
        | grep /run/secrets/kafka-admin-keystore > /dev/null || die "kafka-init lacks its admin certificate"
    log "compose: compose.yaml + compose.test.yaml up; the four services ready in $(( ($(now_ms) - started) / 1000 )) s, every mounted file readable and read-only; kafka, prometheus, grafana stand-ins running"
    compose_down
}

trap cleanup EXIT
# Any command that fails unexpectedly stops the test, saying where.
trap 'echo "CONTAINER TEST FAILED: line $LINENO: $BASH_COMMAND (exit $?)" >&2' ERR
install_tools
remove_all   # leftovers of an interrupted run
base_image
build_images
for s in "${SERVICES[@]}"; do check_image "$s"; done
log "images: user 10001:10001, labels name the service, no keyset, private key or token inside"
prepare_secrets
check_the_scan
start_kafka_and_simulator
start_services
signup_end_to_end
signup_across_a_restart
measure_at_rest
stop_all_within_grace
print_figures
remove_all
[[ $COMPOSE == true ]] && compose_check
log "container test passed in $(($(date +%s) - T0)) s"
