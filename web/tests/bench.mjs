// Benchmark (not a test): the page's throughput for a generated .tar and .tar.zst next to the native
// CLI's on the same files, and the renderer's memory (which holds the page and its workers) while
// it streams. Usage: node web/tests/bench.mjs <dir with bench.tar and bench.tar.zst>
// (scripts/web-bench generates a 1 GiB package with zverify-mkbench and runs this).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serve, browser, open, check } from './harness.mjs';

const dir = process.argv[2];
const CLI = process.env.ZVERIFY_BIN || path.join(ROOT, 'target/release/zverify');

// Every process below `pid`, with its command line.
function descendants(pid) {
  const all = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((d) => {
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      return { pid: +d, ppid: +stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1],
        cmd: fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').join(' ') };
    } catch { return null; }
  }).filter(Boolean);
  const out = [];
  const walk = (p) => { for (const c of all.filter((x) => x.ppid === p)) { out.push(c); walk(c.pid); } };
  walk(pid);
  return out;
}
const rssMiB = (pid) => {
  try { return +/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1] / 1024; } catch { return 0; }
};

const server = await serve();
const origin = `http://127.0.0.1:${server.address().port}`;
const { context, close, profile } = await browser();
const { page } = await open(context, origin);
// Memory: the renderer processes (this page and its dedicated workers live there) from /proc,
// and the page's JS heap through the DevTools protocol (Performance.getMetrics).
const cdp = await context.newCDPSession(page);
await cdp.send('Performance.enable');
// The browser process: the one started with this run's fresh profile.
const browserPid = +execFileSync('pgrep', ['-o', '-f', `user-data-dir=${profile}`]).toString().trim();

const LIMIT_MIB = 300;
let over = false;
for (const name of ['bench.tar', 'bench.tar.zst']) {
  const file = path.join(dir, name);
  const renderers = descendants(browserPid).filter((p) => p.cmd.includes('--type=renderer'));
  let peakRss = 0, peakHeap = 0, sampling = true;
  const peakEach = new Map();
  const sampler = (async () => {
    while (sampling) {
      for (const p of renderers) peakEach.set(p.pid, Math.max(peakEach.get(p.pid) || 0, rssMiB(p.pid)));
      // The busiest renderer is the page's (the others are Chromium's idle helpers and the blank tab).
      peakRss = Math.max(...peakEach.values(), 0);
      const { metrics } = await cdp.send('Performance.getMetrics');
      const heap = metrics.find((m) => m.name === 'JSHeapTotalSize').value / 2 ** 20;
      peakHeap = Math.max(peakHeap, heap);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const got = await check(page, file, { timeout: 600000 });
  sampling = false;
  await sampler;
  const t0 = process.hrtime.bigint();
  const p = spawnSync(CLI, ['check', '--quiet', file], { encoding: 'utf8' });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const size = fs.statSync(file).size;
  console.log(`${name}: ${(size / 2 ** 20).toFixed(0)} MiB · page ${got.run.mbps.toFixed(0)} MB/s (${got.state}; ${got.run.handedOut} entries hashed in parallel workers) · ` +
    `native CLI ${(size / secs / 1e6).toFixed(0)} MB/s (exit ${p.status}) · page renderer (page + workers) peak RSS ${peakRss.toFixed(0)} MiB ` +
    `(each renderer's peak: ${[...peakEach.values()].map((v) => v.toFixed(0)).join(', ')} MiB) · page JS heap peak ${peakHeap.toFixed(0)} MiB`);
  if (got.state !== 'passed' || peakRss >= LIMIT_MIB) {
    over = true;
    console.error(`FAIL ${name}: the page must pass it with its renderer under ${LIMIT_MIB} MiB`);
  }
}
await close();
server.close();
// Throughput is printed, never asserted (a benchmark); memory and the verdict are checked.
process.exit(over ? 1 : 0);
