#!/usr/bin/env bash
# Makes sure the system tools the tests use are here: Chromium (browser tests), tshark (pcap
# decoding checks) and a CJK font (the 简体中文 UI in screenshots). As root on Debian it installs
# what is missing with apt; otherwise it says in one sentence what to install.
set -uo pipefail

chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
missing=()
[ -x "$chromium" ] || missing+=(chromium)
command -v tshark >/dev/null 2>&1 || missing+=(tshark)
if ! fc-list 2>/dev/null | grep -qiE 'CJK|WenQuanYi'; then missing+=(fonts-wqy-microhei); fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "--- installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  # tshark asks whether non-root users may capture; answer no without a prompt.
  echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections 2>/dev/null || true
  apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null && exit 0
  echo "cnlab tests: apt-get could not install ${missing[*]}; install them by hand and run again." >&2
  exit 1
fi

echo "cnlab tests need ${missing[*]}: install them (Debian: sudo apt-get install ${missing[*]}), or point CHROMIUM_PATH at a Chromium binary." >&2
exit 1
