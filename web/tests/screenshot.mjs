// Regenerates docs/checker-page.png: the page's report on a #2425-shaped package (a failing one).
// Usage: node web/tests/screenshot.mjs (after scripts/web-build and a debug build of zverify).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, serve, browser, open, check } from './harness.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zverify-shot-'));
const dir = path.join(tmp, 'zarf-package-pinned-amd64');
fs.cpSync(path.join(ROOT, 'examples/zarf-package-test-amd64'), dir, { recursive: true });
const pin = 'docker.io/library/alpine:3.20@sha256:beefdead00000000000000000000000000000000000000000000000000000000';
for (const [f, from, to] of [['images/index.json', '"docker.io/library/alpine:3.20"', `"${pin}"`],
  ['zarf.yaml', '- docker.io/library/alpine:3.20', `- ${pin}`], ['zarf.yaml', 'version: v0.48.0', 'version: v0.32.6']]) {
  const p = path.join(dir, f);
  fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace(from, to));
}
execFileSync('bash', ['-c', `cd "${dir}" && find . -type f ! -name zarf.yaml ! -name checksums.txt | sed 's|^\\./||' | LC_ALL=C sort \
  | xargs sha256sum | sed 's/  / /' | LC_ALL=C sort > checksums.txt \
  && agg=$(sha256sum checksums.txt | cut -d' ' -f1) && sed -i "s|aggregateChecksum: .*|aggregateChecksum: $agg|" zarf.yaml`]);
const file = path.join(tmp, 'zarf-package-pinned-amd64.tar');
execFileSync('tar', ['-C', dir, '--sort=name', '--owner=0', '--group=0', '--mtime=@0', '-cf', file, '.']);
const server = await serve();
const { context, close } = await browser();
const { page } = await open(context, `http://127.0.0.1:${server.address().port}`);
await page.setViewportSize({ width: 1200, height: 900 });
await check(page, file);
await page.click('#findings [data-code="ZV311"] summary');
await page.screenshot({ path: path.join(ROOT, 'docs/checker-page.png'), fullPage: true });
await close();
server.close();
fs.rmSync(tmp, { recursive: true, force: true });
console.log('docs/checker-page.png written');
