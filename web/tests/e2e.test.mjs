// End-to-end tests of the checker page in real headless Chromium: files go through the real file
// inputs; the report is compared with `zverify check --format json` on the same file.
// Run by scripts/test (after scripts/web-build): node --test web/tests/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, serve, browser, open, check } from './harness.mjs';

const CLI = process.env.ZVERIFY_BIN || path.join(ROOT, 'target/debug/zverify');
const VECTORS = process.env.ZVERIFY_VECTORS || path.join(ROOT, 'tests/vectors');
const EXAMPLE = path.join(ROOT, 'examples/zarf-package-test-amd64');

let server, origin, ctx, page, errors;
const requests = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zverify-web-e2e-'));

before(async () => {
  server = await serve();
  origin = `http://127.0.0.1:${server.address().port}`;
  ctx = await browser();
  ctx.context.on('request', (r) => requests.push(r.url()));
  ({ page, errors } = await open(ctx.context, origin));
});

after(async () => {
  await ctx?.close();
  server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

// `zverify check --format json` run where the file is, on its bare name (the page knows only names).
function cli(target, { cwd, key, extra = [] } = {}) {
  const dir = cwd || path.dirname(target);
  const args = ['check', '--format', 'json', path.relative(dir, target) || '.', ...extra];
  if (key) args.push('--key', key);
  const p = spawnSync(CLI, args, { cwd: dir, encoding: 'utf8' });
  assert.ok(p.status === 0 || p.status === 1, `zverify exited ${p.status}: ${p.stderr}`);
  return { report: JSON.parse(p.stdout), exit: p.status };
}

// The page decodes zstd with ruzstd (wasm32) where the CLI uses libzstd; core/src/zstd.rs words a
// damaged stream itself (its `Damage`), so even that finding must be the CLI's, word for word.
function assertSameAsCli(result, want) {
  const got = JSON.parse(result.json);
  assert.deepEqual(got.findings, want.report.findings, 'the same findings as the CLI');
  assert.deepEqual(got.package, want.report.package, 'the same package object as the CLI');
  assert.deepEqual(got, want.report, 'the whole report equals the CLI\'s');
  assert.equal(result.exitCode, want.exit, 'the exit code the CLI gives');
}

async function card() {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#card [data-field]')]
    .map((d) => [d.dataset.field, d.querySelector('dd').textContent])));
}

function copyDir(src, dst) {
  fs.cpSync(src, dst, { recursive: true });
  return dst;
}

function tarDir(dir, out) {
  execFileSync('tar', ['-C', dir, '--sort=name', '--owner=0', '--group=0', '--mtime=@0', '-cf', out, '.']);
  return out;
}

// checksums.txt and the aggregate checksum recomputed, as someone covering their tracks would.
function reseal(dir) {
  execFileSync('bash', ['-c', `cd "${dir}" && find . -type f ! -name zarf.yaml ! -name checksums.txt | sed 's|^\\./||' | LC_ALL=C sort \
    | xargs sha256sum | sed 's/  / /' | LC_ALL=C sort > checksums.txt \
    && agg=$(sha256sum checksums.txt | cut -d' ' -f1) && sed -i "s|aggregateChecksum: .*|aggregateChecksum: $agg|" zarf.yaml`]);
}

test('the real Zarf vectors pass, with the right package card, and the report equals the CLI\'s', async () => {
  const cases = [
    ['zarf-current/zarf-package-real-create-amd64-0.1.0.tar.zst', 'real-create'],
    ['zarf-current/zarf-package-real-uncompressed-amd64-0.1.0.tar', 'real-uncompressed'],
    ['zarf-current/zarf-package-real-docker-v2-amd64-0.1.0.tar.zst', 'real-docker-v2'],
    ['zarf/zarf-package-test-amd64-0.0.1.tar.zst', 'test'],
    ['zarf/zarf-package-test-uncompressed-amd64-0.0.1.tar', null],
  ];
  for (const [rel, name] of cases) {
    const file = path.join(VECTORS, rel);
    const want = cli(file);
    const got = await check(page, file);
    assert.equal(got.state, want.exit === 0 ? (want.report.summary.warnings ? 'warned' : 'passed') : 'failed', rel);
    assert.equal(want.exit, 0, `${rel} verifies clean in the CLI`);
    assertSameAsCli(got.result, want);
    const c = await card();
    if (name) assert.equal(c.Name, name, rel);
    assert.equal(c.Version, want.report.package.version, rel);
    assert.equal(c.Architecture, 'amd64', rel);
    assert.equal(c['Zarf version'], want.report.package.zarf_version, rel);
  }
});

test('a signed package is verified with the key given in the page, as --key does', async () => {
  const file = path.join(VECTORS, 'zarf-current/zarf-package-real-create-signed-amd64-0.1.0.tar.zst');
  const keyFile = path.join(VECTORS, 'zarf-current/zarf-test-cosign.pub');
  const want = cli(file, { key: keyFile });
  const got = await check(page, file, { key: fs.readFileSync(keyFile, 'utf8') });
  assertSameAsCli(got.result, want);
  assert.equal(JSON.parse(got.result.json).package.signature_verified, true);
  assert.equal((await card()).Signed, 'yes, verified');
  // The wrong key: not verified, and the page says so as the CLI does.
  const other = path.join(tmp, 'other.pub');
  const { publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  fs.writeFileSync(other, publicKey.export({ type: 'spki', format: 'pem' }));
  const bad = await check(page, file, { key: fs.readFileSync(other, 'utf8') });
  assertSameAsCli(bad.result, cli(file, { key: other }));
  assert.equal(bad.state, 'failed');
});

test('keyless: identity, issuer and a trusted root given in the page give the CLI\'s verdict; an unusable request is refused', async () => {
  // The bundled example, signed keyless the way Zarf writes it (zarf.bundle.sig, build.signed, the
  // v0.71.0 requirement), with a real Sigstore bundle from sigstore-python's test data: every
  // certificate, log and identity check passes, and the signature is over another file, so the
  // signature over this zarf.yaml does not verify (ZV550).
  const dir = copyDir(EXAMPLE, path.join(tmp, 'keyless-pkg'));
  const yaml = fs.readFileSync(path.join(dir, 'zarf.yaml'), 'utf8')
    .replace('build:\n', 'build:\n  signed: true\n  versionRequirements:\n  - version: v0.71.0\n    reason: bundle signature\n');
  fs.writeFileSync(path.join(dir, 'zarf.yaml'), yaml);
  fs.copyFileSync(path.join(VECTORS, 'sigstore/bundle_v3.txt.sigstore'), path.join(dir, 'zarf.bundle.sig'));
  const file = tarDir(dir, path.join(tmp, 'zarf-package-keyless-amd64.tar'));
  const trustedRoot = path.join(VECTORS, 'sigstore/staging_trusted_root.json');
  const issuer = 'https://github.com/login/oauth';
  const flags = (identity) => ['--certificate-identity', identity, '--certificate-oidc-issuer', issuer, '--trusted-root', trustedRoot];
  for (const identity of ['william@yossarian.net', 'someone-else@example.com']) {
    const want = cli(file, { extra: flags(identity) });
    const got = await check(page, file, { keyless: { identity, issuer, trustedRoot } });
    assertSameAsCli(got.result, want);
    assert.equal(got.state, 'failed');
    const codes = JSON.parse(got.result.json).findings.map((f) => f.code);
    assert.ok(codes.includes('ZV550'), `ZV550 expected, got ${codes}`);
  }
  // Without a key or keyless inputs the signature is not verified (ZV521 only as a note, as the CLI).
  assertSameAsCli((await check(page, file)).result, cli(file));
  // An identity without an issuer is not a policy: refused before any check, as the CLI exits 2.
  const got = await check(page, file, { keyless: { identity: 'william@yossarian.net' } });
  assert.equal(got.state, 'problem');
  assert.match(got.problem, /OIDC issuer is missing/);
  const p = spawnSync(CLI, ['check', path.basename(file), '--certificate-identity', 'x@example.com'], { cwd: tmp, encoding: 'utf8' });
  assert.equal(p.status, 2);
});

test('keyless: a keyless-signed Zarf package verifies in the page with its signer, and is refused for another identity, as the CLI says', async () => {
  // tests/vectors/zarf-keyless: a package Zarf created, signed keyless against a test Sigstore
  // instance (Fulcio-shaped CA, CT log, Rekor v1), and that instance's trusted root.
  const dir = path.join(VECTORS, 'zarf-keyless');
  const file = path.join(tmp, 'zarf-package-keyless-a-amd64-0.1.0.tar.zst');
  fs.copyFileSync(path.join(dir, 'zarf-package-keyless-a-amd64-0.1.0.tar.zst'), file);
  const trustedRoot = path.join(dir, 'trusted_root.json');
  const issuer = 'https://oidc.zverify.test';
  const flags = (identity) => ['--certificate-identity', identity, '--certificate-oidc-issuer', issuer, '--trusted-root', trustedRoot];

  const identity = 'zarf-signer@zverify.test';
  const want = cli(file, { extra: flags(identity) });
  assert.equal(want.exit, 0);
  const good = await check(page, file, { keyless: { identity, issuer, trustedRoot } });
  assertSameAsCli(good.result, want);
  assert.equal(good.state, 'passed');
  const pkg = JSON.parse(good.result.json).package;
  assert.equal(pkg.signature_verified, true);
  assert.equal(pkg.signer.identity, identity);
  assert.equal(pkg.signer.log, 'https://rekor.zverify.test');
  // The signer is on the page's package card, as a person reads it.
  const shown = await card();
  assert.equal(shown.Signed, 'yes, verified');
  assert.equal(shown.Signer, `${identity} (issuer ${issuer})`);
  assert.equal(shown.Log, 'https://rekor.zverify.test index 5');

  const other = 'someone@zverify.test';
  const bad = await check(page, file, { keyless: { identity: other, issuer, trustedRoot } });
  assertSameAsCli(bad.result, cli(file, { extra: flags(other) }));
  assert.equal(bad.state, 'failed');
  const findings = JSON.parse(bad.result.json).findings;
  assert.deepEqual(findings.map((f) => f.code), ['ZV550']);
  assert.match(findings[0].message, /signed by "zarf-signer@zverify\.test", not by "someone@zverify\.test"/);
});

test('--zarf-version in the page: whether that Zarf can deploy the package, as the CLI says', async () => {
  const file = path.join(VECTORS, 'zarf-current/zarf-package-real-create-amd64-0.1.0.tar.zst');
  for (const v of ['v0.76.0', 'v0.77.0']) {
    const got = await check(page, file, { zarfVersion: v });
    assertSameAsCli(got.result, cli(file, { extra: ['--zarf-version', v] }));
  }
  const codes = JSON.parse((await check(page, file, { zarfVersion: 'v0.76.0' })).result.json).findings.map((f) => f.code);
  assert.deepEqual(codes, ['ZV631']);
});

test('a #2425-shaped package shows the error with both digests', async () => {
  const dir = copyDir(EXAMPLE, path.join(tmp, 'pinned'));
  const pin = 'docker.io/library/alpine:3.20@sha256:beefdead00000000000000000000000000000000000000000000000000000000';
  for (const [f, from, to] of [['images/index.json', '"docker.io/library/alpine:3.20"', `"${pin}"`],
    ['zarf.yaml', '- docker.io/library/alpine:3.20', `- ${pin}`], ['zarf.yaml', 'version: v0.48.0', 'version: v0.32.6']]) {
    const p = path.join(dir, f);
    fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace(from, to));
  }
  reseal(dir);
  const file = tarDir(dir, path.join(tmp, 'pinned.tar'));
  const want = cli(file);
  const got = await check(page, file);
  assert.equal(got.state, 'failed');
  assertSameAsCli(got.result, want);
  const text = await page.textContent('#findings [data-code="ZV311"]');
  assert.match(text, /sha256:beefdead0{56}/, 'the pinned (index) digest');
  const stored = JSON.parse(got.result.json).package.images.map((i) => i.digest).filter(Boolean);
  assert.ok(stored.some((d) => text.includes(d.slice(0, 19))), `the stored platform manifest digest in: ${text}`);
  assert.match(await page.textContent('#verdict'), /Failed/);
});

test('a tampered layer, resealed (checksums.txt and aggregate recomputed), is caught', async () => {
  const dir = copyDir(EXAMPLE, path.join(tmp, 'resealed'));
  const blobs = path.join(dir, 'images/blobs/sha256');
  const layer = fs.readdirSync(blobs).map((b) => path.join(blobs, b)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  const bytes = fs.readFileSync(layer);
  bytes[bytes.length >> 1] ^= 0xff;
  fs.writeFileSync(layer, bytes);
  reseal(dir);
  for (const [file, cwd] of [[tarDir(dir, path.join(tmp, 'resealed.tar')), null]]) {
    const want = cli(file, { cwd });
    const got = await check(page, file);
    assert.equal(got.state, 'failed');
    assertSameAsCli(got.result, want);
    assert.ok(await page.$(`#findings [data-code="ZV106"]`), 'the blob digest mismatch is shown');
    assert.ok(got.run.handedOut > 0, 'the .tar\'s large layer was hashed by a hashing worker (File.slice), not the walker');
  }
});

test('a split package: all parts selected together pass; a corrupted part is named', async () => {
  const splitDir = path.join(VECTORS, 'zarf-current/split');
  const parts = fs.readdirSync(splitDir).sort().map((f) => path.join(splitDir, f));
  const want = cli(parts[0]);
  const got = await check(page, parts);
  assert.equal(want.exit, 0);
  assertSameAsCli(got.result, want);
  assert.equal(got.state, 'passed');

  const bad = path.join(tmp, 'split-bad');
  fs.mkdirSync(bad);
  for (const p of parts) fs.copyFileSync(p, path.join(bad, path.basename(p)));
  const victim = path.join(bad, path.basename(parts[3]));
  const b = fs.readFileSync(victim);
  b[b.length >> 1] ^= 0xff;
  fs.writeFileSync(victim, b);
  const badParts = fs.readdirSync(bad).sort().map((f) => path.join(bad, f));
  const wantBad = cli(badParts[0]);
  const gotBad = await check(page, badParts);
  assert.equal(gotBad.state, 'failed');
  assertSameAsCli(gotBad.result, wantBad);
  // A flipped byte inside compressed data is only detected by the frame checksum at the very end: the
  // joined digest (part000) fails, and both faces say the damage could not be placed.
  assert.ok(await page.$('#findings [data-code="ZV517"]'), 'part000\'s digest of the joined parts fails');

  // An uncompressed package split as Zarf splits it, with a tar header in part 2 damaged: the stream
  // breaks there, and the report names the part it was detected in.
  const tarBytes = fs.readFileSync(path.join(VECTORS, 'zarf-current/zarf-package-real-uncompressed-amd64-0.1.0.tar'));
  const size = 20480;
  const count = Math.ceil(tarBytes.length / size);
  const dmg = Buffer.from(tarBytes);
  let header = -1;
  for (let off = size; off < 2 * size; off += 512) {
    if (dmg.subarray(off + 257, off + 262).toString() === 'ustar') { header = off; break; }
  }
  assert.ok(header > 0, 'a tar header inside part 2');
  dmg[header] ^= 0x20;
  const stem = path.join(tmp, 'uncut', 'zarf-package-real-uncompressed-amd64-0.1.0.tar');
  fs.mkdirSync(path.dirname(stem));
  const sha = crypto.createHash('sha256').update(tarBytes).digest('hex');
  fs.writeFileSync(`${stem}.part000`, JSON.stringify({ Sha256Sum: sha, Bytes: tarBytes.length, Count: count }));
  for (let i = 1; i <= count; i++) {
    fs.writeFileSync(`${stem}.part${String(i).padStart(3, '0')}`, dmg.subarray((i - 1) * size, i * size));
  }
  const tarParts = fs.readdirSync(path.dirname(stem)).sort().map((f) => path.join(path.dirname(stem), f));
  const wantTar = cli(tarParts[0]);
  const gotTar = await check(page, tarParts);
  assert.equal(gotTar.state, 'failed');
  assertSameAsCli(gotTar.result, wantTar);
  const corrupt = JSON.parse(gotTar.result.json).findings.find((f) => f.code === 'ZV001');
  assert.equal(corrupt.path, `${path.basename(stem)}.part002`, JSON.stringify(corrupt));
  assert.match(corrupt.message, /detected in .*\.part002/);
  assert.match(await page.textContent('#findings [data-code="ZV001"]'), /part002/);
});

test('a folder (an unpacked package) through the folder picker', async () => {
  const want = cli(EXAMPLE, { cwd: path.dirname(EXAMPLE) });
  const got = await check(page, EXAMPLE, { folder: true });
  // One warning: the example's manifest runs an image it does not carry (ZV611).
  assert.equal(got.state, 'warned');
  assertSameAsCli(got.result, want);

  const dir = copyDir(EXAMPLE, path.join(tmp, 'tampered-folder'));
  const cfg = path.join(dir, 'images/blobs/sha256/e29df9b510ff9f27454808bb092413353f812683d0ff9d628546e6470faac198');
  const bytes = fs.readFileSync(cfg);
  bytes[20] = 'X'.charCodeAt(0);
  fs.writeFileSync(cfg, bytes);
  const wantBad = cli(dir, { cwd: tmp });
  const gotBad = await check(page, dir, { folder: true });
  assert.equal(gotBad.state, 'failed');
  assertSameAsCli(gotBad.result, wantBad);
});

// An OCI layout generated here: one image whose layers are large enough (≥ 256 KiB) to be handed
// to hashing workers, with deterministic, poorly compressible bytes.
function largeLayerLayout(dir) {
  const blobs = path.join(dir, 'blobs/sha256');
  fs.mkdirSync(blobs, { recursive: true });
  const put = (bytes) => {
    const hex = crypto.createHash('sha256').update(bytes).digest('hex');
    fs.writeFileSync(path.join(blobs, hex), bytes);
    return { digest: `sha256:${hex}`, size: bytes.length };
  };
  const noise = (seed, n) => {
    const out = Buffer.alloc(n);
    let block = crypto.createHash('sha256').update(`layer ${seed}`).digest();
    for (let at = 0; at < n; at += 32) {
      block.copy(out, at);
      block = crypto.createHash('sha256').update(block).digest();
    }
    return out;
  };
  const layers = [[1, 300 << 10], [2, 1 << 20], [3, 3 << 20], [4, (2 << 20) + 77]].map(([seed, n]) => put(noise(seed, n)));
  const config = put(Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux',
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) } })));
  const manifest = put(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...l })) })));
  fs.writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest,
      annotations: { 'org.opencontainers.image.ref.name': 'example.com/large:1' } }] }));
  return { dir, layers: layers.map((l) => path.join(blobs, l.digest.slice(7))) };
}

test('a folder\'s large files are hashed in parallel workers and the report equals the CLI\'s', async () => {
  const { dir, layers } = largeLayerLayout(path.join(tmp, 'large-layers'));
  const want = cli(dir, { cwd: tmp });
  assert.equal(want.exit, 0, JSON.stringify(want.report.findings));
  const got = await check(page, dir, { folder: true });
  assert.equal(got.state, 'passed');
  assertSameAsCli(got.result, want);
  assert.equal(got.run.handedOut, layers.length, 'every large layer went to a hashing worker (File.slice); the JSON documents did not');

  // A layer changed in place: the worker's digest is the one the report holds.
  const victim = layers[2];
  const bytes = fs.readFileSync(victim);
  bytes[bytes.length - 5] ^= 0x01;
  fs.writeFileSync(victim, bytes);
  const wantBad = cli(dir, { cwd: tmp });
  const gotBad = await check(page, dir, { folder: true });
  assert.equal(gotBad.state, 'failed');
  assertSameAsCli(gotBad.result, wantBad);
  assert.equal(gotBad.run.handedOut, layers.length);
  assert.ok(await page.$('#findings [data-code="ZV106"]'), 'the blob digest mismatch is shown');

  // The example package as a folder: its large layer goes to a worker (sboms.tar and the
  // component tarball are read as tar archives in the stream, so they are not handed out).
  const ex = await check(page, EXAMPLE, { folder: true });
  assert.equal(ex.state, 'warned');
  assert.ok(ex.run.handedOut > 0, 'the example folder\'s large files were hashed by hashing workers');
});

test('the exported JSON, SARIF and text files are the report', async () => {
  const file = path.join(VECTORS, 'zarf-current/zarf-package-real-create-amd64-0.1.0.tar.zst');
  const got = await check(page, file);
  const saved = {};
  for (const [button, fmt] of [['#export-json', 'json'], ['#export-sarif', 'sarif'], ['#export-text', 'text']]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    const p = path.join(tmp, `export.${fmt}`);
    await download.saveAs(p);
    saved[fmt] = fs.readFileSync(p, 'utf8');
  }
  assert.deepEqual(JSON.parse(saved.json), cli(file).report, 'the exported JSON equals zverify check --format json');
  const p = spawnSync(CLI, ['check', '--format', 'sarif', path.basename(file)], { cwd: path.dirname(file), encoding: 'utf8' });
  assert.deepEqual(JSON.parse(saved.sarif), JSON.parse(p.stdout), 'the exported SARIF equals --format sarif');
  const t = spawnSync(CLI, ['check', path.basename(file)], { cwd: path.dirname(file), encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(saved.text, t.stdout, 'the text summary equals the CLI\'s text output');
  assert.ok(got.result);
});

test('what is not a package is refused as the CLI refuses it (exit 2), not reported', async () => {
  const junk = path.join(tmp, 'notes.txt');
  fs.writeFileSync(junk, 'hello, this is not an archive at all\n'.repeat(40));
  const got = await check(page, junk);
  assert.equal(got.state, 'problem');
  assert.match(got.problem, /not a tar or zstd-compressed tar archive/);
  const p = spawnSync(CLI, ['check', 'notes.txt'], { cwd: tmp, encoding: 'utf8' });
  assert.equal(p.status, 2);
});

test('cancel stops a check', async () => {
  const big = path.join(tmp, 'big.tar');
  // A package large enough to be still streaming when cancel is pressed.
  const dir = copyDir(EXAMPLE, path.join(tmp, 'big'));
  fs.writeFileSync(path.join(dir, 'padding.bin'), Buffer.alloc(400 << 20, 7));
  tarDir(dir, big);
  await page.evaluate(() => { delete document.body.dataset.state; });
  await page.setInputFiles('#files', big);
  await page.waitForSelector('#progress:not([hidden])');
  await page.click('#cancel');
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'cancelled');
  assert.equal(await page.isHidden('#progress'), true);
  fs.rmSync(big);
});

test('no request leaves the page\'s origin, and the page logged no error', () => {
  assert.ok(requests.length > 0);
  const foreign = requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(foreign, []);
  assert.deepEqual(errors, []);
});
