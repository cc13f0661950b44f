# Sourced by the wrk benchmarks (from the repository root): wrk from the Debian packages if missing,
# and the hub's jar if it has not been built.
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
[ -f target/orderhub.jar ] || mvn -B -q package -DskipTests
# The JVM flags of the README's run command: every hub benchmark (and the ceiling) runs with them, so the
# memory figures are the ones a user of that command sees (issue 15: RSS through every benchmark).
HUB_JVM_FLAGS="-Xmx256m -XX:+ExitOnOutOfMemoryError"
# Samples the resident memory of process $1 every half second; the highest value in MB ends up in file $2.
watch_rss() {
  ( m=0; while kill -0 "$1" 2>/dev/null; do
      r=$(( $(ps -o rss= -p "$1" 2>/dev/null || echo 0) / 1024 )); [ "$r" -gt "$m" ] && m=$r && echo "$m" > "$2"
      sleep 0.5
    done ) &
}
