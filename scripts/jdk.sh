# Sourced by ./vigie and ./run-tests: selects a JDK 25 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME if it is 25+, then the newest 25+ JDK under /usr/lib/jvm (Debian's JVM
# folder, where Temurin and OpenJDK packages install). The default `java` on PATH is not used:
# on Debian 12 it is 17.

vigie_jdk_major() { # $1 = JDK home; prints its feature version or nothing
  local rel="$1/release" v
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$rel" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$rel")
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n1)
  fi
  echo "$v"
}

vigie_select_jdk() {
  local min=25 best="" best_v=0 d v
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(vigie_jdk_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$min" ]; then
      export JAVA_HOME
      return 0
    fi
    echo "vigie: JAVA_HOME=$JAVA_HOME is not a JDK $min or newer (found: ${v:-none}); searching ${VIGIE_JVM_DIR:-/usr/lib/jvm}" >&2
  fi
  for d in "${VIGIE_JVM_DIR:-/usr/lib/jvm}"/*/; do
    d=${d%/}
    [ -L "$d" ] && continue
    v=$(vigie_jdk_major "$d")
    if [ -n "$v" ] && [ "$v" -ge "$min" ] && [ "$v" -gt "$best_v" ]; then
      best="$d"; best_v="$v"
    fi
  done
  if [ -z "$best" ]; then
    cat >&2 <<MSG
vigie: no JDK $min or newer found.
  Looked at: JAVA_HOME (${JAVA_HOME:-unset}) and ${VIGIE_JVM_DIR:-/usr/lib/jvm}/*.
  Install one (e.g. Temurin 25, or Debian's openjdk-25-jdk where available) and either put it
  under /usr/lib/jvm or set JAVA_HOME to it, then run this command again.
MSG
    return 1
  fi
  export JAVA_HOME="$best"
}
