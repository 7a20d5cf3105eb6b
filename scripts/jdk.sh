# Sourced by scripts/serve-local and scripts/test-all: puts a JDK 21 or newer first on PATH (and
# in JAVA_HOME, which ./mvnw uses) or stops with one line saying how to get one. Order: JAVA_HOME
# if set, the `java` on PATH, then every JDK under /usr/lib/jvm (newest first).
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}

use_jdk21() {
  local candidates=() jdk major
  [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  while IFS= read -r jdk; do candidates+=("$jdk"); done < <(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV)
  for jdk in "${candidates[@]}"; do
    jdk=${jdk%/}
    [[ -x $jdk/bin/java && -x $jdk/bin/javac ]] || continue
    major=$(java_major "$jdk/bin/java")
    if [[ $major =~ ^[0-9]+$ ]] && ((major >= 21)); then
      export JAVA_HOME=$jdk PATH=$jdk/bin:$PATH
      return 0
    fi
  done
  echo "${0##*/}: no JDK 21 or newer found (JAVA_HOME, PATH, /usr/lib/jvm); install one (e.g. Temurin 21 or 25 from https://adoptium.net, or your distribution's openjdk-21-jdk) and run this again" >&2
  exit 1
}
