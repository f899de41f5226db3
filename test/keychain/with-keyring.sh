#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked GNOME Keyring, so keychain tests
# use a real Secret Service without touching the person's own keyring (its files live in a
# temporary folder that is removed afterwards).
#   test/keychain/with-keyring.sh npx vitest run
set -euo pipefail
if [ "${GATEHOUSE_IN_KEYRING_SESSION:-}" = 1 ]; then
  # Inside the session: start the keyring, then the command.
  keyring_home=$(mktemp -d)
  trap 'rm -rf "$keyring_home"' EXIT
  printf 'gatehouse-test' | XDG_DATA_HOME="$keyring_home" gnome-keyring-daemon --unlock --components=secrets >/dev/null
  "$@"
  exit $?
fi
for program in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$program" >/dev/null 2>&1; then
    echo "with-keyring: $program is missing; install the Debian packages dbus, gnome-keyring and libsecret-1-dev (.ci/run does)." >&2
    exit 1
  fi
done
# dbus-daemon warns that it cannot raise its file limit in containers; that is harmless.
GATEHOUSE_IN_KEYRING_SESSION=1 exec dbus-run-session -- "$0" "$@" 2> >(grep -v 'Failed to set fd limit' >&2)
