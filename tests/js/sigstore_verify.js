// sigstore-js's own verifier (npm @sigstore/verify 4.1.3 with @sigstore/bundle and
// @sigstore/protobuf-specs, Apache-2.0, installed by `scripts/tools sigstore-js` into
// .tools/sigstore-js), asked for a verdict on a keyless bundle, so zverify's engine can be compared
// with a second independent implementation (tests/tests/sigstore_js.rs). Offline: the trusted root
// comes with each request.
//
// Protocol (as tests/py/sigstore_verify.py): a 4-byte big-endian length + a JSON request
// {"bundle": b64, "artifact": b64, "trusted_root": b64, "identity": s, "issuer": s}; one JSON line
// per request: {"ok": bool, "error": "..."}.
'use strict';
const path = require('path');
const crypto = require('crypto');
const mods = process.env.ZVERIFY_SIGSTORE_JS || path.join(__dirname, '..', '..', '.tools', 'sigstore-js', 'node_modules');
const { Verifier, toSignedEntity, toTrustMaterial } = require(path.join(mods, '@sigstore/verify'));
const { bundleFromJSON } = require(path.join(mods, '@sigstore/bundle'));
const { TrustedRoot } = require(path.join(mods, '@sigstore/protobuf-specs'));

function check(req) {
  const bundleJSON = JSON.parse(Buffer.from(req.bundle, 'base64').toString('utf8'));
  const rootJSON = JSON.parse(Buffer.from(req.trusted_root, 'base64').toString('utf8'));
  const artifact = Buffer.from(req.artifact, 'base64');
  const bundle = bundleFromJSON(bundleJSON);
  const trust = toTrustMaterial(TrustedRoot.fromJSON(rootJSON));
  // sigstore-js's defaults (as its `sigstore.verify`): one tlog entry, one SCT, one verified time.
  const verifier = new Verifier(trust, { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 });
  const dsse = bundle.content.$case === 'dsseEnvelope';
  const entity = toSignedEntity(bundle, dsse ? undefined : artifact);
  verifier.verify(entity, {
    subjectAlternativeName: req.identity,
    extensions: { issuer: req.issuer },
  });
  if (dsse) {
    // Matching the in-toto statement's subject to the artifact is left to the caller (as in
    // sigstore-python): an in-toto statement one of whose subjects has the artifact's SHA-256.
    const env = bundle.content.dsseEnvelope;
    if (env.payloadType !== 'application/vnd.in-toto+json') throw new Error(`payload type ${env.payloadType}`);
    const st = JSON.parse(env.payload.toString('utf8'));
    const want = crypto.createHash('sha256').update(artifact).digest('hex');
    if (!st.subject.some((s) => s.digest && s.digest.sha256 === want)) throw new Error("no subject has the artifact's digest");
  }
}

let buf = Buffer.alloc(0);
process.stdin.on('data', (chunk) => {
  buf = Buffer.concat([buf, chunk]);
  for (;;) {
    if (buf.length < 4) return;
    const n = buf.readUInt32BE(0);
    if (buf.length < 4 + n) return;
    const req = JSON.parse(buf.subarray(4, 4 + n).toString('utf8'));
    buf = buf.subarray(4 + n);
    let ans;
    try {
      check(req);
      ans = { ok: true };
    } catch (e) {
      ans = { ok: false, error: `${e && e.name}: ${e && (e.code ? e.code + ': ' : '')}${e && e.message}` };
    }
    process.stdout.write(JSON.stringify(ans) + '\n');
  }
});
