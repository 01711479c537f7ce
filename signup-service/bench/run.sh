#!/usr/bin/env bash
# Benchmarks for signup-service (not part of the test suite). Usage, from the repository root:
#   bash signup-service/bench/run.sh [-Dbench.streams=10000] [-Dbench.events=2000] [-Dbench.commit-interval-ms=100]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o package -DskipTests -f pom.xml
mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath -f pom.xml
exec java -Xmx2g -Dkafka.test.mode=embedded "$@" \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.benchline.signup.bench.SignupBenchmark
