#!/usr/bin/env bash
# The crash loop of issue 24: the packaged hub under mixed load, kill -9 at random moments on one data folder
# aged past H2's retention and compaction, restarted, every acknowledged order, status change and event checked.
# Usage: bench/crash-loop.sh [cycles=20] [age-s=150] [min-s=15] [max-s=60]
# An experiment's hub settings: CRASHLOOP_HUB_FLAGS="-Dorderhub.db.h2-options=;REUSE_SPACE=FALSE" bench/crash-loop.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" bench/CrashLoop.java "$@"
