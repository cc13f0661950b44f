#!/usr/bin/env bash
# Starts the hawtio 3 console on http://localhost:${HAWTIO_PORT:-8090}/hawtio, to watch a running hub
# through its Jolokia endpoint. Connect to http://localhost:8080/observe/jolokia with any user name
# and an admin key (orderhub.admin-keys) as the password.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mvn -B -q -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$here/target/classpath" \
    -Dmdep.includeTypes=jar
mvn -B -q -f "$here/pom.xml" dependency:copy -Dartifact=io.hawt:hawtio-default:3.0.0:war \
    -DoutputDirectory="$here/target" -Dmdep.stripVersion=true
exec java -Dhawtio.authenticationEnabled=false -Dhawtio.proxyAllowlist=localhost,127.0.0.1 \
    -cp "$(cat "$here/target/classpath")" "$here/Hawtio.java" "$here/target/hawtio-default.war" "${HAWTIO_PORT:-8090}"
