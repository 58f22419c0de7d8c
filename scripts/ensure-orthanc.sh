#!/usr/bin/env bash
# Makes sure Debian's Orthanc and its DICOMweb plugin are installed (the PACS end-to-end tests and `npm run pacs`
# run a private instance; the system service is never used). Installs them with apt-get when missing and root;
# otherwise prints the one command to run. In CI (CI set) a missing Orthanc is an error; elsewhere a warning
# (the PACS specs then skip with the reason).
set -euo pipefail
have() {
  { [ -x /usr/sbin/Orthanc ] || [ -x /usr/bin/Orthanc ] || [ -n "${ORTHANC_BIN:-}" ]; } &&
    { [ -f /usr/share/orthanc/plugins/libOrthancDicomWeb.so ] || [ -f /usr/lib/orthanc/plugins/libOrthancDicomWeb.so ] || [ -n "${ORTHANC_DICOMWEB_PLUGIN:-}" ]; }
}
if have; then
  echo "== orthanc: $( (/usr/sbin/Orthanc --version 2>/dev/null || Orthanc --version 2>/dev/null || echo "$ORTHANC_BIN") | head -1) with the DICOMweb plugin"
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "== orthanc: installing orthanc and orthanc-dicomweb with apt-get"
  # The package's post-install tries to start the system service; without an init system that fails harmlessly,
  # and StatRead never uses that service (it runs its own instance with a generated config).
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends orthanc orthanc-dicomweb; then
    apt-get update
    apt-get install -y --no-install-recommends orthanc orthanc-dicomweb
  fi
  have && exit 0
fi
msg="Orthanc with its DICOMweb plugin is not installed: run 'sudo apt-get install -y orthanc orthanc-dicomweb' (PACS tests and npm run pacs need it)"
if [ -n "${CI:-}" ]; then
  echo "ERROR: $msg" >&2
  exit 1
fi
echo "WARNING: $msg; the PACS end-to-end tests will be skipped." >&2
