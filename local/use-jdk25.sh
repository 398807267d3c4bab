# Sourced by local/run.sh and .ci/run: makes sure Maven and java run on JDK 25 or newer.
# Keeps JAVA_HOME when it already points at one; otherwise picks the newest under /usr/lib/jvm.
java_major() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1; }
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 25 ]; then
  :
elif command -v java >/dev/null 2>&1 && [ "$(java_major java)" -ge 25 ]; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
else
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate/bin/java")" -ge 25 ]; then
      JAVA_HOME="${candidate%/}"
      break
    fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME/bin/java")" -lt 25 ]; then
  echo "keyword-trend needs JDK 25 or newer: install one, or set JAVA_HOME to it" >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
