#!/usr/bin/env bash
# Runs java with GraalJS's optimizing runtime on a stock JDK (Temurin 25): JVMCI on, the Graal
# compiler on the upgrade module path, GraalVM's polyglot/Truffle/JS jars on the module path (the
# same jars bench.jar's manifest also puts on the class path; the named modules win). Needs
#   mvn -B -pl bench -am package -DskipTests -Poptimized
# Arguments go to java unchanged, e.g.
#   bench/graal-jit.sh -jar bench/target/bench.jar ContractBench -f 1 ...   (JMH forks inherit the flags)
#   bench/graal-jit.sh -cp bench/target/bench.jar io.bourse.bench.ContractThroughput blocks
set -euo pipefail
target="$(cd "$(dirname "$0")" && pwd)/target"
compiler=("$target"/lib-compiler/compiler-*.jar)
if [ ! -f "${compiler[0]}" ] || [ ! -d "$target/lib-graal" ]; then
  echo "bench/target/lib-compiler or lib-graal is missing: build with -Poptimized first" >&2
  exit 2
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI \
  --upgrade-module-path="${compiler[0]}" --module-path="$target/lib-graal" --add-modules=ALL-MODULE-PATH \
  --enable-native-access=org.graalvm.truffle "$@"
