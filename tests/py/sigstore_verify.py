"""sigstore-python's own verifier (PyPI `sigstore`, the version scripts/tools pins, Apache-2.0),
asked for a verdict on a keyless bundle, so zverify's engine (core/src/sigstore) can be compared
with an independent implementation case by case (tests/tests/sigstore_py.rs). Offline: the trusted
root comes with each request.

Protocol (as tests/src/gorun.rs's Go programs): a 4-byte big-endian length + a JSON request
{"bundle": b64, "artifact": b64, "trusted_root": b64, "identity": s, "issuer": s}; one JSON line
per request: {"ok": bool, "error": "..."}.
"""

import base64
import hashlib
import json
import os
import struct
import sys
import tempfile

from sigstore.models import Bundle, TrustedRoot
from sigstore.verify import Verifier, policy


def check(req):
    bundle = Bundle.from_json(base64.b64decode(req["bundle"]))
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        f.write(base64.b64decode(req["trusted_root"]))
        root_path = f.name
    try:
        root = TrustedRoot.from_file(root_path)
    finally:
        os.unlink(root_path)
    verifier = Verifier(trusted_root=root)
    identity = policy.Identity(identity=req["identity"], issuer=req["issuer"])
    artifact = base64.b64decode(req["artifact"])
    if bundle._dsse_envelope is None:
        verifier.verify_artifact(artifact, bundle, identity)
        return
    # DSSE: sigstore-python verifies the envelope and hands back its payload; matching the
    # statement's subject to the artifact is left to its caller (its docs), so it is done here as
    # its own CLI (`sigstore verify` on an attestation) does: an in-toto statement one of whose
    # subjects has the artifact's SHA-256.
    payload_type, payload = verifier.verify_dsse(bundle, identity)
    if payload_type != "application/vnd.in-toto+json":
        raise ValueError(f"payload type {payload_type} is not in-toto")
    statement = json.loads(payload)
    want = hashlib.sha256(artifact).hexdigest()
    if not any(s.get("digest", {}).get("sha256") == want for s in statement["subject"]):
        raise ValueError("no subject has the artifact's digest")


def main():
    inp = sys.stdin.buffer
    out = sys.stdout
    while True:
        head = inp.read(4)
        if len(head) < 4:
            return
        (n,) = struct.unpack(">I", head)
        req = json.loads(inp.read(n))
        try:
            check(req)
            ans = {"ok": True}
        except Exception as e:  # every refusal is a verdict: not verified
            ans = {"ok": False, "error": f"{type(e).__name__}: {e}"}
        out.write(json.dumps(ans) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
