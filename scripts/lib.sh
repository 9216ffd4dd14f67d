# shellcheck shell=bash
# Sourced by ./petstore and scripts/test: one JDK discovery, so the app and the tests
# can never run on different JDKs.

PETSTORE_MIN_JAVA=21
# Where distribution packages and vendors put JDKs; overridable to test the search.
PETSTORE_JVM_ROOT=${PETSTORE_JVM_ROOT:-/usr/lib/jvm}

# Major version of a java binary, or nothing when it doesn't run.
# Handles "1.8.0_412", "17.0.15", "21", "25-ea", "25.0.3+9" (quoted on the first line).
java_major() {
  local line version
  line=$("$1" -version 2>&1 | grep -m1 -o 'version "[^"]*"') || return 1
  version=${line#version \"}
  version=${version%\"}
  if [[ $version == 1.* ]]; then
    version=${version#1.}
  fi
  version=${version%%[.+_-]*}
  [[ $version =~ ^[0-9]+$ ]] || return 1
  printf '%s\n' "$version"
}

# The JDK home a java binary belongs to, following /usr/bin/java -> alternatives -> JDK.
java_home_of() {
  local real
  real=$(readlink -f "$1") || return 1
  (cd "$(dirname "$real")/.." && pwd)
}

# Usable when it is a JDK (Maven needs javac, not just a JRE) of at least the minimum
# version; the version is given when already known, to spare a JVM start.
usable_jdk() {
  local home=$1 major=${2:-}
  [[ -x $home/bin/java && -x $home/bin/javac ]] || return 1
  [[ -n $major ]] || major=$(java_major "$home/bin/java") || return 1
  ((major >= PETSTORE_MIN_JAVA)) || return 1
  PETSTORE_JAVA_MAJOR=$major
}

# Exports JAVA_HOME (and puts its bin first on PATH) and sets PETSTORE_JAVA_MAJOR, or fails
# saying what was tried. Order: $JAVA_HOME, then java on PATH, then /usr/lib/jvm newest first.
find_jdk() {
  local tried=() home candidate path_java major
  if [[ -n ${JAVA_HOME:-} ]]; then
    if usable_jdk "$JAVA_HOME"; then
      home=$JAVA_HOME
    else
      tried+=("JAVA_HOME=$JAVA_HOME")
    fi
  fi
  if [[ -z ${home:-} ]] && path_java=$(command -v java); then
    candidate=$(java_home_of "$path_java")
    if usable_jdk "$candidate"; then
      home=$candidate
    else
      tried+=("java on PATH ($candidate)")
    fi
  fi
  if [[ -z ${home:-} ]]; then
    # Sort by major version, not by name: "temurin-25" must beat "java-17" whatever the vendor.
    local ranked=()
    for candidate in "$PETSTORE_JVM_ROOT"/*/; do
      candidate=${candidate%/}
      [[ -x $candidate/bin/java ]] || continue
      major=$(java_major "$candidate/bin/java") || continue
      ranked+=("$major $candidate")
    done
    if ((${#ranked[@]})); then
      while read -r major candidate; do
        if usable_jdk "$candidate" "$major"; then
          home=$candidate
          break
        fi
        tried+=("$candidate (java $major)")
      done < <(printf '%s\n' "${ranked[@]}" | sort -rn -k1,1)
    fi
  fi
  if [[ -z ${home:-} ]]; then
    {
      echo "petstore: needs a JDK >= $PETSTORE_MIN_JAVA and found none."
      ((${#tried[@]})) && printf '  tried: %s\n' "${tried[@]}"
      echo "  Install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME to it."
    } >&2
    return 1
  fi
  export JAVA_HOME=$home
  export PATH="$JAVA_HOME/bin:$PATH"
}

# Maven 3.8's own Guava calls sun.misc.Unsafe, and JDK 24+ warns about it on every run.
# Only via MAVEN_OPTS and only on such JDKs: the same flag in .mvn/jvm.config would stop
# Maven from starting at all on JDK 17-22.
quiet_maven_on_new_jdks() {
  if ((PETSTORE_JAVA_MAJOR >= 24)) && [[ ${MAVEN_OPTS:-} != *sun-misc-unsafe-memory-access* ]]; then
    export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
  fi
}

# Serialises a critical section across concurrent runs (two ./petstore starting at once
# must not both write the same jar). The fd stays open until the calling process exits.
hold_lock() {
  local file=$1
  command -v flock >/dev/null || return 0
  mkdir -p "$(dirname "$file")"
  exec 9>"$file"
  flock 9
}

# Must run before exec'ing or backgrounding anything long-lived: children inherit fd 9
# and would hold the lock for their whole life.
release_lock() {
  exec 9>&-
}
