# Sourced by the wrk benchmarks (from the repository root): wrk from the Debian packages if missing,
# and the hub's jar if it has not been built.
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
[ -f target/orderhub.jar ] || mvn -B -q package -DskipTests
