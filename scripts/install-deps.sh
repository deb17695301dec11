#!/usr/bin/env bash
# Installs every Debian 12 package MailLab's build, app and tests need.
# Idempotent and non-interactive; safe to run again. Needs root (or sudo).
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev clang-format
  libboost1.81-dev libboost-json1.81-dev libssl-dev libpugixml-dev libc-ares-dev libpsl-dev libidn2-dev
  libgtest-dev googletest
  # simulator
  libglfw3-dev libimgui-dev libstb-dev libgl-dev fonts-inter xvfb xauth libgl1-mesa-dri
  # real servers and peers for the integration tests
  dovecot-imapd dovecot-pop3d dovecot-lmtpd postfix dnsmasq-base openssl ca-certificates curl swaks python3
  bind9-dnsutils libnet-ssleay-perl
)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"

export DEBIAN_FRONTEND=noninteractive
# Postfix asks how to configure itself; the tests bring their own configuration.
echo "postfix postfix/main_mailer_type select No configuration" | as_root debconf-set-selections
echo "postfix postfix/mailname string maillab.test" | as_root debconf-set-selections

# Never let package scripts start daemons on this machine: the tests start their own on loopback.
created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
  as_root chmod 755 /usr/sbin/policy-rc.d
  created_policy=1
fi
trap '[ $created_policy -eq 1 ] && as_root rm -f /usr/sbin/policy-rc.d' EXIT

as_root apt-get update -qq
as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: done"
