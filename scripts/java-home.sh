# Sourced by ./radstream and scripts/test.sh: selects a JDK 25 (Radstream needs the FFM API and
# Java 25 language features). Honours JAVA_HOME when it already points at JDK 25 or newer.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}' | cut -d. -f1; }
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_major "$JAVA_HOME")" -lt 25 ]; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25* /usr/lib/jvm/*25* /opt/java/openjdk; do
    if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate")" -ge 25 ]; then JAVA_HOME="$candidate"; break; fi
  done
  if [ -z "$JAVA_HOME" ] && command -v java >/dev/null; then
    candidate="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    [ "$(java_major "$candidate")" -ge 25 ] && JAVA_HOME="$candidate"
  fi
  if [ -z "$JAVA_HOME" ]; then
    echo "radstream: JDK 25 not found; install it (e.g. temurin-25-jdk) or set JAVA_HOME" >&2
    exit 1
  fi
fi
export JAVA_HOME
