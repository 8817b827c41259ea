// Shared by the browser tests and the benchmark: a static server for web/dist on 127.0.0.1 (with the
// page's CSP as a header too) and headless Chromium through playwright-core.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.join(ROOT, 'web/dist');
const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; "
  + "img-src 'self' data:; connect-src 'none'; base-uri 'none'; form-action 'none'";
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

export function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.join(DIST, rel);
    if (!file.startsWith(DIST + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
      'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function browser() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'zverify-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const close = async () => { await context.close(); fs.rmSync(profile, { recursive: true, force: true }); };
  return { context, close, profile };
}

// Open the page and wait until its WebAssembly is ready.
export async function open(context, origin) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(origin + '/');
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  return { page, errors };
}

// Hand files to the real file input (or a folder to the folder input), wait for the outcome.
export async function check(page, files, { folder = false, key = '', keyless = null, zarfVersion = '', timeout = 120000 } = {}) {
  await page.evaluate(() => { delete document.body.dataset.state; });
  // The keyless fields and the Zarf version, filled as a person would (or cleared).
  await page.evaluate(() => { document.querySelector('details.opts').open = true; });
  await page.fill('#identity', keyless?.identity || '');
  await page.fill('#issuer', keyless?.issuer || '');
  await page.setInputFiles('#trustedroot', keyless?.trustedRoot ? [keyless.trustedRoot] : []);
  await page.fill('#zarfversion', zarfVersion);
  if (key) {
    // As a person would: open the options and paste the key.
    await page.evaluate(() => { document.querySelector('details.opts').open = true; });
    await page.fill('#key', key);
  } else {
    await page.$eval('#key', (e) => { e.value = ''; });
  }
  await page.setInputFiles(folder ? '#folder' : '#files', files);
  await page.waitForSelector('body[data-state]', { timeout });
  const state = await page.evaluate(() => document.body.dataset.state);
  const result = await page.evaluate(() => window.zverifyLast && window.zverifyLast());
  const run = await page.evaluate(() => window.zverifyLastRun);
  return { state, result: state === 'problem' ? null : result, run,
    problem: state === 'problem' ? await page.textContent('#problem') : null };
}
