"""Mint keyless signatures for Zarf packages against a test Sigstore instance (issue 19).

Zarf signs a package keyless by signing its zarf.yaml with cosign against Fulcio (a short-lived
certificate for an OIDC identity) and Rekor (a transparency-log entry), and stores the Sigstore
bundle as zarf.bundle.sig (zarf-dev/zarf src/pkg/packager/layout/package.go SignPackage). No public
keyless-signed Zarf package exists to test with (Zarf's repository has only key-signed test data),
and the public-good instance cannot be made to sign for a test identity offline. So this script
plays Fulcio, the CT log and Rekor v1 itself, with test keys, and writes exactly what they return:

- a Fulcio-shaped trust chain: root CA and intermediate (ECDSA P-384), leaf certificate (ECDSA
  P-256 key, 10 minutes, empty subject, critical SAN email, code signing, the OIDC issuer in
  Fulcio's extensions 1.3.6.1.4.1.57264.1.1 (raw) and .1.8 (UTF8String), an embedded SCT signed by
  the CT log over the precertificate (RFC 6962 section 3.2));
- a Rekor v1 hashedrekord 0.0.1 entry (canonical JSON body), its signed entry timestamp, its
  RFC 6962 inclusion proof in a log of several entries, and a checkpoint (signed note) whose key
  hint is the log ID's first 4 bytes;
- a bundle v0.3 with the leaf certificate, the entry and a message signature over zarf.yaml, as
  `cosign sign-blob --new-bundle-format` writes it;
- optionally an RFC 3161 timestamp over the signature from a test TSA (its own root; leaf with
  the critical time-stamping EKU), in the bundle's timestampVerificationData;
- trusted_root.json listing the CA, the CT log, Rekor and the TSA, and the same root as the
  client trust config sigstore-python's command line takes (trust_config.json).

Input: packages Zarf itself created and signed with a key (`zarf-oracle create --key`): Zarf's
SignPackage writes the same zarf.yaml whatever the signing method (signed: true, zarf.bundle.sig
as a provenance file, the v0.71.0 requirement), so only zarf.bundle.sig is replaced. Zarf's signing
does not touch checksums.txt or the aggregate checksum (a provenance file is not listed in
checksums.txt), so nothing is re-sealed. The tar is edited in place: the bundle's header (size and
header checksum) and data blocks; every other byte is Zarf's. Then it is compressed again with the
zstd command.

Keys come from fixed seeds (these are test keys, never trust them); ECDSA signatures are random, so
each run mints new bytes with the same keys, names and identity.

usage: mint_keyless_zarf.py OUT_DIR IDENTITY ISSUER PACKAGE.tar.zst[:tsa]...
(`:tsa`: that package's bundle also carries an RFC 3161 timestamp from the instance's TSA)
"""

import base64
import datetime
import hashlib
import json
import os
import subprocess
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

OID_ISSUER_V1 = ObjectIdentifier("1.3.6.1.4.1.57264.1.1")
OID_ISSUER_V2 = ObjectIdentifier("1.3.6.1.4.1.57264.1.8")
OID_SCT_LIST = ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2")

REKOR_HOST = "rekor.zverify.test"
REKOR_TREE_ID = 4711
FILLER_ENTRIES = 5  # other entries in the log before ours, so the proofs have several hashes


def b64(b):
    return base64.b64encode(b).decode()


def key(seed, curve):
    """A test key from a fixed seed (the scalar is sha256 of the seed, as an integer)."""
    n = int.from_bytes(hashlib.sha256(seed.encode()).digest(), "big")
    return ec.derive_private_key(n, curve)


def spki(k):
    return k.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der(tag, content):
    return bytes([tag]) + der_len(len(content)) + content


def seq(*items):
    return der(0x30, b"".join(items))


def integer(n):
    return der(0x02, n.to_bytes(n.bit_length() // 8 + 1, "big"))


def oid(dotted):
    parts = [int(p) for p in dotted.split(".")]
    out = bytes([40 * parts[0] + parts[1]])
    for p in parts[2:]:
        chunk = [p & 0x7F]
        p >>= 7
        while p:
            chunk.append(0x80 | (p & 0x7F))
            p >>= 7
        out += bytes(reversed(chunk))
    return der(0x06, out)


def canonical(v):
    # Rekor v1 canonicalizes entries (RFC 8785): sorted keys, no whitespace; ASCII only here.
    return json.dumps(v, sort_keys=True, separators=(",", ":")).encode()


def rfc3339(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc)


def ca_cert(subject, k, issuer_name, issuer_key, not_before, path_length, eku):
    b = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(k.public_key())
        .serial_number(int.from_bytes(hashlib.sha256(spki(k)).digest()[:16], "big"))
        .not_valid_before(utc(not_before))
        .not_valid_after(utc(not_before + 10 * 365 * 86400))
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(k.public_key()), critical=False)
    )
    if eku:
        b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), critical=False)
    if issuer_key is not k:
        b = b.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    return b.sign(issuer_key, hashes.SHA384())


class Instance:
    """Fulcio, the CT log and Rekor v1 of one test instance."""

    def __init__(self, now):
        self.start = now - 86400
        self.root_key = key("zverify test fulcio root", ec.SECP384R1())
        self.inter_key = key("zverify test fulcio intermediate", ec.SECP384R1())
        self.ct_key = key("zverify test ct log", ec.SECP256R1())
        self.rekor_key = key("zverify test rekor", ec.SECP256R1())
        root_name = x509.Name(
            [
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "zverify.test"),
                x509.NameAttribute(NameOID.COMMON_NAME, "zverify-test-fulcio-root"),
            ]
        )
        inter_name = x509.Name(
            [
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "zverify.test"),
                x509.NameAttribute(NameOID.COMMON_NAME, "zverify-test-fulcio-intermediate"),
            ]
        )
        self.root = ca_cert(root_name, self.root_key, root_name, self.root_key, self.start, 1, False)
        self.inter = ca_cert(inter_name, self.inter_key, root_name, self.root_key, self.start, 0, True)
        # The timestamp authority: its own root, and a leaf for time stamping only (critical EKU).
        self.tsa_root_key = key("zverify test tsa root", ec.SECP384R1())
        self.tsa_key = key("zverify test tsa", ec.SECP256R1())
        tsa_root_name = x509.Name(
            [
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "zverify.test"),
                x509.NameAttribute(NameOID.COMMON_NAME, "zverify-test-tsa-root"),
            ]
        )
        self.tsa_root = ca_cert(tsa_root_name, self.tsa_root_key, tsa_root_name, self.tsa_root_key, self.start, 0, False)
        self.tsa_cert = (
            x509.CertificateBuilder()
            .subject_name(
                x509.Name(
                    [
                        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "zverify.test"),
                        x509.NameAttribute(NameOID.COMMON_NAME, "zverify-test-tsa"),
                    ]
                )
            )
            .issuer_name(tsa_root_name)
            .public_key(self.tsa_key.public_key())
            .serial_number(int.from_bytes(hashlib.sha256(spki(self.tsa_key)).digest()[:16], "big"))
            .not_valid_before(utc(self.start))
            .not_valid_after(utc(self.start + 10 * 365 * 86400))
            .add_extension(
                x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True
            )
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(self.tsa_key.public_key()), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.tsa_root_key.public_key()), critical=False
            )
            .sign(self.tsa_root_key, hashes.SHA384())
        )
        self.ct_log_id = hashlib.sha256(spki(self.ct_key)).digest()
        self.rekor_log_id = hashlib.sha256(spki(self.rekor_key)).digest()
        # The log: leaf hashes of every entry so far (fillers first, as on a log others also use).
        self.leaves = [
            hashlib.sha256(b"\x00" + f"another entry {i}".encode()).digest() for i in range(FILLER_ENTRIES)
        ]

    def fulcio(self, leaf_key, identity, issuer, t):
        """The leaf certificate Fulcio issues at time t, with an SCT from the CT log."""
        b = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([]))
            .issuer_name(self.inter.subject)
            .public_key(leaf_key.public_key())
            .serial_number(int.from_bytes(os.urandom(20), "big") >> 1)
            .not_valid_before(utc(t))
            .not_valid_after(utc(t + 600))
            .add_extension(
                x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True
            )
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(leaf_key.public_key()), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.inter_key.public_key()), critical=False
            )
            .add_extension(x509.SubjectAlternativeName([x509.RFC822Name(identity)]), critical=True)
            .add_extension(x509.UnrecognizedExtension(OID_ISSUER_V1, issuer.encode()), critical=False)
            .add_extension(
                x509.UnrecognizedExtension(OID_ISSUER_V2, der(0x0C, issuer.encode())), critical=False
            )
        )
        # The precertificate's TBS is the final one without the SCT list (RFC 6962 3.2): the same
        # builder, signed once without the extension.
        pre_tbs = b.sign(self.inter_key, hashes.SHA384()).tbs_certificate_bytes
        ts = t * 1000 + 250
        issuer_key_hash = hashlib.sha256(spki(self.inter_key)).digest()
        signed = (
            b"\x00\x00"  # v1, certificate_timestamp
            + ts.to_bytes(8, "big")
            + b"\x00\x01"  # precert_entry
            + issuer_key_hash
            + len(pre_tbs).to_bytes(3, "big")
            + pre_tbs
            + b"\x00\x00"  # no extensions
        )
        sig = self.ct_key.sign(signed, ec.ECDSA(hashes.SHA256()))
        sct = (
            b"\x00"
            + self.ct_log_id
            + ts.to_bytes(8, "big")
            + b"\x00\x00"
            + b"\x04\x03"  # sha256, ecdsa
            + len(sig).to_bytes(2, "big")
            + sig
        )
        lst = len(sct).to_bytes(2, "big") + sct
        lst = len(lst).to_bytes(2, "big") + lst
        cert = b.add_extension(x509.UnrecognizedExtension(OID_SCT_LIST, der(0x04, lst)), critical=False).sign(
            self.inter_key, hashes.SHA384()
        )
        assert cert.tbs_precertificate_bytes == pre_tbs, "the precertificate is the certificate without its SCTs"
        return cert

    def rekor(self, cert_pem, signature, digest, t):
        """Rekor v1: add a hashedrekord entry at time t; return the bundle's tlog entry."""
        body = canonical(
            {
                "apiVersion": "0.0.1",
                "kind": "hashedrekord",
                "spec": {
                    "data": {"hash": {"algorithm": "sha256", "value": digest.hex()}},
                    "signature": {"content": b64(signature), "publicKey": {"content": b64(cert_pem)}},
                },
            }
        )
        index = len(self.leaves)
        self.leaves.append(hashlib.sha256(b"\x00" + body).digest())
        size = len(self.leaves)
        set_payload = canonical(
            {"body": b64(body), "integratedTime": t, "logID": self.rekor_log_id.hex(), "logIndex": index}
        )
        set_sig = self.rekor_key.sign(set_payload, ec.ECDSA(hashes.SHA256()))
        root, proof = inclusion(self.leaves, index)
        note = f"{REKOR_HOST} - {REKOR_TREE_ID}\n{size}\n{b64(root)}\n"
        note_sig = self.rekor_key.sign(note.encode(), ec.ECDSA(hashes.SHA256()))
        envelope = note + "\n" + f"\u2014 {REKOR_HOST} {b64(self.rekor_log_id[:4] + note_sig)}\n"
        return {
            "logIndex": str(index),
            "logId": {"keyId": b64(self.rekor_log_id)},
            "kindVersion": {"kind": "hashedrekord", "version": "0.0.1"},
            "integratedTime": str(t),
            "inclusionPromise": {"signedEntryTimestamp": b64(set_sig)},
            "inclusionProof": {
                "logIndex": str(index),
                "rootHash": b64(root),
                "treeSize": str(size),
                "hashes": [b64(h) for h in proof],
                "checkpoint": {"envelope": envelope},
            },
            "canonicalizedBody": b64(body),
        }

    def timestamp(self, signature, t):
        """An RFC 3161 time-stamp response (granted; its token a CMS SignedData over a TSTInfo, RFC
        3161 2.4.2 / RFC 5652) over the signature at time t, as a TSA returns it. Written with DER by hand: `cryptography`
        builds no CMS SignedData with these attributes."""
        sha256 = seq(oid("2.16.840.1.101.3.4.2.1"), b"\x05\x00")
        tst = seq(
            integer(1),
            oid("1.3.6.1.4.1.57264.2"),  # the TSA's policy
            seq(sha256, der(0x04, hashlib.sha256(signature).digest())),
            integer(int.from_bytes(hashlib.sha256(signature + b"serial").digest()[:8], "big")),
            der(0x18, datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y%m%d%H%M%SZ").encode()),
            integer(int.from_bytes(hashlib.sha256(signature + b"nonce").digest()[:8], "big")),
        )
        cert = self.tsa_cert.public_bytes(serialization.Encoding.DER)
        attrs = [
            seq(oid("1.2.840.113549.1.9.3"), der(0x31, oid("1.2.840.113549.1.9.16.1.4"))),
            seq(oid("1.2.840.113549.1.9.4"), der(0x31, der(0x04, hashlib.sha256(tst).digest()))),
            # signingCertificateV2 (RFC 5035): the TSA certificate's SHA-256.
            seq(oid("1.2.840.113549.1.9.16.2.47"), der(0x31, seq(seq(seq(der(0x04, hashlib.sha256(cert).digest())))))),
        ]
        signed_attrs = b"".join(sorted(attrs))
        sig = self.tsa_key.sign(der(0x31, signed_attrs), ec.ECDSA(hashes.SHA256()))
        signer = seq(
            integer(1),
            seq(self.tsa_cert.issuer.public_bytes(), integer(self.tsa_cert.serial_number)),
            sha256,
            der(0xA0, signed_attrs),
            seq(oid("1.2.840.10045.4.3.2")),
            der(0x04, sig),
        )
        signed_data = seq(
            integer(3),
            der(0x31, sha256),
            seq(oid("1.2.840.113549.1.9.16.1.4"), der(0xA0, der(0x04, tst))),
            der(0xA0, cert),
            der(0x31, signer),
        )
        token = seq(oid("1.2.840.113549.1.7.2"), der(0xA0, signed_data))
        # What the bundle holds is the TSA's whole TimeStampResp: status granted (0), the token.
        return seq(seq(integer(0)), token)

    def trusted_root(self):
        der_cert = lambda c: {"rawBytes": b64(c.public_bytes(serialization.Encoding.DER))}  # noqa: E731
        valid = {"start": rfc3339(self.start)}

        def log(url, k, log_id):
            return {
                "baseUrl": url,
                "hashAlgorithm": "SHA2_256",
                "publicKey": {"rawBytes": b64(spki(k)), "keyDetails": "PKIX_ECDSA_P256_SHA_256", "validFor": valid},
                "logId": {"keyId": b64(log_id)},
            }

        return {
            "mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
            "tlogs": [log(f"https://{REKOR_HOST}", self.rekor_key, self.rekor_log_id)],
            "certificateAuthorities": [
                {
                    "subject": {"organization": "zverify.test", "commonName": "zverify-test-fulcio"},
                    "uri": "https://fulcio.zverify.test",
                    "certChain": {"certificates": [der_cert(self.inter), der_cert(self.root)]},
                    "validFor": valid,
                }
            ],
            "ctlogs": [log("https://ctfe.zverify.test/test", self.ct_key, self.ct_log_id)],
            "timestampAuthorities": [
                {
                    "subject": {"organization": "zverify.test", "commonName": "zverify-test-tsa"},
                    "uri": "https://tsa.zverify.test/api/v1/timestamp",
                    "certChain": {"certificates": [der_cert(self.tsa_cert), der_cert(self.tsa_root)]},
                    "validFor": valid,
                }
            ],
        }


def node(l, r):
    return hashlib.sha256(b"\x01" + l + r).digest()


def mth(leaves):
    """RFC 6962 2.1 Merkle tree hash of leaf hashes."""
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return node(mth(leaves[:k]), mth(leaves[k:]))


def path(m, leaves):
    """RFC 6962 2.1.1 audit path of leaf m, leaf to root."""
    if len(leaves) == 1:
        return []
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    if m < k:
        return path(m, leaves[:k]) + [mth(leaves[k:])]
    return path(m - k, leaves[k:]) + [mth(leaves[:k])]


def inclusion(leaves, m):
    return mth(leaves), path(m, leaves)


def replace_member(tar, name, data):
    """The tar with member `name`'s bytes replaced: its header's size and checksum are rewritten, its
    data blocks replaced; every other byte stays as Zarf wrote it."""
    out, at, found = bytearray(), 0, False
    while at + 512 <= len(tar):
        h = bytearray(tar[at : at + 512])
        if h == bytes(512):
            out += tar[at:]
            break
        size = int(h[124:136].rstrip(b"\x00 ").decode() or "0", 8)
        nm = h[0:100].split(b"\x00")[0].decode()
        assert h[156:157] in (b"0", b"\x00", b"5"), f"{nm}: only plain files and folders expected"
        blocks = (size + 511) // 512 * 512
        if nm == name:
            found = True
            h[124:136] = b"%011o\x00" % len(data)
            h[148:156] = b" " * 8
            h[148:156] = b"%06o\x00 " % sum(h)
            out += h + data + bytes((-len(data)) % 512)
        else:
            out += tar[at : at + 512 + blocks]
        at += 512 + blocks
    assert found, f"{name} not in the package"
    return bytes(out)


def member(tar, name):
    at = 0
    while at + 512 <= len(tar):
        h = tar[at : at + 512]
        size = int(h[124:136].rstrip(b"\x00 ").decode() or "0", 8)
        if h[0:100].split(b"\x00")[0].decode() == name:
            return tar[at + 512 : at + 512 + size]
        at += 512 + (size + 511) // 512 * 512
    raise KeyError(name)


def main():
    out_dir, identity, issuer, packages = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    # PACKAGE:tsa: that package's bundle also carries an RFC 3161 timestamp over its signature.
    packages = [(p[: -len(":tsa")], True) if p.endswith(":tsa") else (p, False) for p in packages]
    os.makedirs(out_dir, exist_ok=True)
    now = int(datetime.datetime.now(datetime.timezone.utc).timestamp())
    inst = Instance(now)
    for i, (pkg, with_tsa) in enumerate(packages):
        tar = subprocess.run(["zstd", "-dcq", pkg], check=True, capture_output=True).stdout
        zarf_yaml = member(tar, "zarf.yaml")
        assert b"signed: true" in zarf_yaml and b"- zarf.bundle.sig" in zarf_yaml, f"{pkg}: not signed by Zarf"
        t = now + 60 * i
        leaf_key = key(f"zverify test signer {i}", ec.SECP256R1())  # cosign's ephemeral key
        cert = inst.fulcio(leaf_key, identity, issuer, t)
        signature = leaf_key.sign(zarf_yaml, ec.ECDSA(hashes.SHA256()))
        digest = hashlib.sha256(zarf_yaml).digest()
        entry = inst.rekor(cert.public_bytes(serialization.Encoding.PEM), signature, digest, t + 2)
        bundle = {
            "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
            "verificationMaterial": {
                "certificate": {"rawBytes": b64(cert.public_bytes(serialization.Encoding.DER))},
                "tlogEntries": [entry],
            },
            "messageSignature": {
                "messageDigest": {"algorithm": "SHA2_256", "digest": b64(digest)},
                "signature": b64(signature),
            },
        }
        if with_tsa:
            token = inst.timestamp(signature, t + 1)
            bundle["verificationMaterial"]["timestampVerificationData"] = {
                "rfc3161Timestamps": [{"signedTimestamp": b64(token)}]
            }
        tar = replace_member(tar, "zarf.bundle.sig", json.dumps(bundle).encode())
        dest = os.path.join(out_dir, os.path.basename(pkg))
        with open(dest, "wb") as f:
            f.write(subprocess.run(["zstd", "-19", "-cq"], input=tar, check=True, capture_output=True).stdout)
        print(f"{dest}: signed by {identity} ({issuer}), log index {entry['logIndex']}" + (", timestamped" if with_tsa else ""))
    root = inst.trusted_root()
    with open(os.path.join(out_dir, "trusted_root.json"), "w") as f:
        json.dump(root, f, indent=2)
        f.write("\n")
    # The same root as sigstore-python's command line takes it (`sigstore --trust-config FILE`): a
    # client trust config, whose signing config it validates but `verify --offline` never uses.
    valid = {"start": rfc3339(inst.start)}
    service = lambda url: {"url": url, "majorApiVersion": 1, "validFor": valid, "operator": "zverify.test"}  # noqa: E731
    config = {
        "mediaType": "application/vnd.dev.sigstore.clienttrustconfig.v0.1+json",
        "trustedRoot": root,
        "signingConfig": {
            "mediaType": "application/vnd.dev.sigstore.signingconfig.v0.2+json",
            "caUrls": [service("https://fulcio.zverify.test")],
            "oidcUrls": [service(issuer)],
            "rekorTlogUrls": [service(f"https://{REKOR_HOST}")],
            "tsaUrls": [],
            "rekorTlogConfig": {"selector": "ANY"},
            "tsaConfig": {"selector": "ANY"},
        },
    }
    with open(os.path.join(out_dir, "trust_config.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
