#!/usr/bin/env bash
# make-certs.sh CERT_DIR — private test CA and server certificates for the loopback mail lab.
#
# Writes into CERT_DIR (created if missing; existing files are replaced), using openssl only:
#   ca.pem / ca.key                  the private test CA ("MailLab Test CA")
#   good.pem / good.key              signed by the CA; SANs mail., imap., pop., smtp., plain.,
#                                    notls.maillab.test, localhost, and for discovery by guessing
#                                    and MX: imap., smtp., mail.guessonly.test, mx1.provider.test
#   wrongname.pem / wrongname.key    signed by the CA; SAN other.example.net only
#   expired.pem / expired.key        signed by the CA; SAN expired.maillab.test; valid 2020-2021
#   selfsigned.pem / selfsigned.key  self-signed (not from the CA); SAN selfsigned.maillab.test
#   discovery.pem / discovery.key    signed by the CA; the HTTPS host names of discovery_server.py
# Keys are EC P-256. Certificates are PEM without text dumps.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 CERT_DIR" >&2
  exit 2
fi
dir=$1
mkdir -p "$dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A minimal, self-contained openssl config: the system openssl.cnf is never read.
cat >"$work/openssl.cnf" <<EOF
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ v3_self ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
subjectAltName = \${ENV::SAN}
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = $work
database = $work/index.txt
serial = $work/serial
new_certs_dir = $work
certificate = $dir/ca.pem
private_key = $dir/ca.key
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
[ policy_any ]
commonName = supplied
[ v3_server ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = \${ENV::SAN}
EOF
: >"$work/index.txt"
printf '1000\n' >"$work/serial"
export OPENSSL_CONF="$work/openssl.cnf"
export SAN=DNS:unused   # referenced by the config; set per certificate below

newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/$1.key" 2>/dev/null; }

# sign NAME SAN START END — CSR for NAME signed by the test CA with the given validity window
sign() {
  local name=$1 start=$3 end=$4
  newkey "$name"
  openssl req -new -key "$dir/$name.key" -subj "/CN=$(sed 's/^DNS://; s/,.*//' <<<"$2")" \
    -out "$work/$name.csr"
  SAN=$2 openssl ca -batch -notext -config "$work/openssl.cnf" -extensions v3_server \
    -startdate "$start" -enddate "$end" -in "$work/$name.csr" -out "$dir/$name.pem" 2>"$work/ca.err" \
    || { cat "$work/ca.err" >&2; exit 1; }
}

later=$(date -u -d '+397 days' +%Y%m%d%H%M%SZ)
yesterday=$(date -u -d '-1 day' +%Y%m%d%H%M%SZ)

newkey ca
openssl req -new -x509 -key "$dir/ca.key" -subj "/O=MailLab/CN=MailLab Test CA" -days 3650 \
  -extensions v3_ca -out "$dir/ca.pem"

sign good "DNS:mail.maillab.test,DNS:imap.maillab.test,DNS:pop.maillab.test,DNS:smtp.maillab.test,DNS:plain.maillab.test,DNS:notls.maillab.test,DNS:localhost,DNS:imap.guessonly.test,DNS:smtp.guessonly.test,DNS:mail.guessonly.test,DNS:mx1.provider.test" \
  "$yesterday" "$later"
# Every name discovery_server.py answers for over HTTPS (also those that only answer 404 there).
discovery_names=(autoconfig.autoconf.test wellknown.test ispdb.maillab.test autoconfig.provider.test
  autoconfig.httponly.test autoconfig.downgrade.test autodiscover.adtest.test
  autodiscover.foreignredirect.test autodiscover.evil-other.test big.test slow.test)
sign discovery "$(printf 'DNS:%s,' "${discovery_names[@]}" | sed 's/,$//')" "$yesterday" "$later"
sign wrongname "DNS:other.example.net" "$yesterday" "$later"
sign expired "DNS:expired.maillab.test" 20200101000000Z 20210101000000Z

newkey selfsigned
SAN=DNS:selfsigned.maillab.test openssl req -new -x509 -key "$dir/selfsigned.key" \
  -subj "/CN=selfsigned.maillab.test" -days 397 -extensions v3_self -out "$dir/selfsigned.pem"

chmod 0644 "$dir"/*.pem
chmod 0600 "$dir"/*.key
