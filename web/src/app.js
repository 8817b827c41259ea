// The checker page: picks the files, runs the check in a Web Worker, renders the report.
import init, { explain, version } from './pkg/zverify_wasm.js';
import { wasmBase64 } from './wasm.js';

const $ = (id) => document.getElementById(id);
let modulePromise = null;
let worker = null;
let last = null; // { result, name }

// The WebAssembly module ships inside wasm.js (no fetch: connect-src is 'none'); it is compiled
// once and handed to each worker.
function wasmModule() {
  if (!modulePromise) {
    const bin = atob(wasmBase64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    modulePromise = WebAssembly.compile(bytes);
  }
  return modulePromise;
}

const ready = wasmModule().then((module) => init({ module_or_path: module })).then(() => {
  $('version').textContent = version();
  document.body.dataset.ready = 'true';
});

// ---- choosing files ------------------------------------------------------------------------

const PART = /\.part\d{3}$/;

// Turn a selection into a job: one archive, a split package's parts, or a folder.
function jobOf(items) {
  if (!items.length) return { error: 'Nothing was selected.' };
  if (items.some((i) => i.path.includes('/'))) {
    const root = items[0].path.split('/')[0];
    if (items.some((i) => i.path.split('/')[0] !== root)) return { error: 'Select one folder at a time.' };
    return { mode: 'folder', root, name: root,
      entries: items.map((i) => ({ path: i.path.slice(root.length + 1), file: i.file })) };
  }
  const files = items.map((i) => i.file);
  if (files.some((f) => PART.test(f.name))) {
    const stem = files.find((f) => PART.test(f.name)).name.replace(PART, '');
    return { mode: 'split', name: stem, files };
  }
  if (files.length > 1) return { error: 'Select one package (or every part of one split package) at a time.' };
  return { mode: 'archive', name: files[0].name, files };
}

function fromInput(input) {
  return [...input.files].map((f) => ({ path: f.webkitRelativePath || f.name, file: f }));
}

// Dropped folders: walk the entries (empty folders included as they appear).
async function fromDrop(dt) {
  const entries = [...dt.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
  if (!entries.length) return [...dt.files].map((f) => ({ path: f.name, file: f }));
  const out = [];
  async function walk(entry, prefix) {
    if (entry.isFile) {
      const file = await new Promise((res, rej) => entry.file(res, rej));
      out.push({ path: prefix + entry.name, file });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((res, rej) => reader.readEntries(res, rej));
        if (!batch.length) break;
        for (const e of batch) await walk(e, prefix + entry.name + '/');
      }
    }
  }
  for (const e of entries) await walk(e, '');
  return out;
}

// ---- running a check -----------------------------------------------------------------------

function show(section) {
  for (const id of ['progress', 'problem', 'result']) $(id).hidden = id !== section;
}

function fmtBytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${i ? n.toFixed(1) : n} ${units[i]}`;
}

function fmtTime(s) {
  if (!isFinite(s)) return '…';
  if (s < 60) return `${Math.ceil(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s`;
}

async function run(items) {
  const job = jobOf(items);
  if (job.error) return problem(job.error);
  job.key = $('key').value;
  job.documentCap = $('cap').value || undefined;
  job.identity = $('identity').value;
  job.issuer = $('issuer').value;
  job.regexp = $('regexp').checked;
  job.zarfVersion = $('zarfversion').value;
  const root = $('trustedroot').files[0];
  if (root) job.trustedRoot = await root.arrayBuffer();
  const module = await wasmModule();
  cancel();
  show('progress');
  $('progress-name').textContent = `Verifying ${job.name}`;
  $('bar').value = 0;
  $('progress-text').textContent = 'starting…';
  const started = performance.now();
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  const w = worker;
  w.onmessage = (ev) => {
    const m = ev.data;
    if (w !== worker) return;
    if (m.type === 'progress') {
      const secs = (performance.now() - started) / 1000;
      const rate = m.done / secs;
      $('bar').max = m.total || 1;
      $('bar').value = m.done;
      $('progress-text').textContent =
        `${fmtBytes(m.done)} of ${fmtBytes(m.total)} · ${(rate / 1e6).toFixed(0)} MB/s · ${fmtTime((m.total - m.done) / rate)} left`;
    } else if (m.type === 'done') {
      const secs = m.ms / 1000;
      window.zverifyLastRun = { bytes: m.bytes, seconds: secs, mbps: m.bytes / secs / 1e6, handedOut: m.handedOut };
      finishWorker();
      render(m.result, job.name, m);
    } else if (m.type === 'error') {
      finishWorker();
      problem(`zverify could not check ${job.name}: ${m.message}`);
    }
  };
  w.onerror = (e) => { finishWorker(); problem(`The check stopped: ${e.message}`); };
  w.postMessage({ type: 'check', module, job });
}

function finishWorker() {
  if (worker) worker.terminate();
  worker = null;
}

function cancel() {
  if (worker) {
    finishWorker();
    show(null);
  }
}

function problem(text) {
  show('problem');
  $('problem').textContent = text;
  document.body.dataset.state = 'problem';
}

// ---- the report ----------------------------------------------------------------------------

function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const k of kids) if (k != null) e.append(k instanceof Node ? k : String(k));
  return e;
}

function copyButton(text, what) {
  return el('button', { class: 'btn copy', 'aria-label': `Copy ${what}`, title: `Copy ${what}`,
    onclick: async (ev) => {
      const b = ev.currentTarget;
      try { await navigator.clipboard.writeText(text); b.textContent = 'copied'; } catch { b.textContent = 'copy failed'; }
      setTimeout(() => { b.textContent = 'copy'; }, 1500);
    } }, 'copy');
}

function digestCell(d) {
  if (!d) return el('span', { class: 'muted' }, 'none stored');
  return el('span', {}, el('span', { class: 'digest' }, d), copyButton(d, 'digest'));
}

const plural = (n, w) => `${n} ${w}${n === 1 ? '' : 's'}`;

function render(result, name) {
  const report = JSON.parse(result.json);
  last = { result, name, report };
  show('result');
  const s = report.summary;
  const verdict = result.exitCode !== 0 ? 'failed' : s.warnings > 0 ? 'warned' : 'passed';
  document.body.dataset.state = verdict;
  const title = { passed: 'Passed', warned: 'Passed with warnings', failed: 'Failed' }[verdict];
  const v = $('verdict');
  v.className = `banner ${verdict}`;
  v.replaceChildren(el('strong', {}, title), `${report.target}: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.notes, 'note')} · ` +
    `${s.files} files, ${s.blobs_verified} blobs verified, ${fmtBytes(s.bytes_hashed)} hashed` +
    (verdict === 'failed' ? ' · zverify check exits 1' : ' · zverify check exits 0'));

  const p = report.package;
  const card = $('card');
  card.replaceChildren();
  if (p) {
    const signed = p.signed == null ? '—' : p.signed
      ? (p.signature_verified === true ? 'yes, verified' : p.signature_verified === false ? 'yes, NOT verified' : 'yes (no key given)')
      : 'no';
    const fields = [['Kind', p.kind], ['Name', p.name], ['Version', p.version], ['Architecture', p.architecture],
      ['Flavor', p.flavor], ['Zarf version', p.zarf_version], ['Signed', signed]];
    // A verified keyless signer (report.package.signer): who, by whom, when, where logged, what was checked.
    if (p.signer) {
      const g = p.signer;
      fields.push(['Signer', `${g.identity} (issuer ${g.issuer})`], ['Signed at', g.signing_time],
        ['Log', g.log ? `${g.log} index ${g.log_index}` : 'not checked'], ['Checks', g.checks.join(', ')]);
    }
    for (const [k, val] of fields) {
      if (k === 'Flavor' && !val) continue;
      card.append(el('div', { 'data-field': k }, el('dt', {}, k), el('dd', {}, val ?? '—')));
    }
  }

  const imgs = $('images');
  imgs.replaceChildren();
  if (p && p.images.length) {
    const errorsAbout = (d) => report.findings.filter((f) => d && (f.digest === d || (f.path || '').endsWith(d.replace(':', '/')) || f.message.includes(d)));
    const rows = p.images.map((img) => {
      const related = img.digest ? errorsAbout(img.digest) : [];
      const worst = !img.digest ? 'error' : related.some((f) => f.severity === 'error') ? 'error'
        : related.some((f) => f.severity === 'warning') ? 'warning' : 'ok';
      const label = !img.digest ? 'missing' : worst === 'ok' ? 'verified' : worst;
      const kind = (img.media_type || '').includes('index') || (img.media_type || '').includes('manifest.list') ? 'index' : img.media_type ? 'manifest' : '—';
      return el('tr', {}, el('td', { class: 'mono' }, img.reference ?? '—'), el('td', {}, digestCell(img.digest)), el('td', {}, kind),
        el('td', {}, img.platforms.join(', ') || '—'), el('td', { class: 'num' }, fmtBytes(img.total_bytes)),
        el('td', { class: `status-${worst}` }, label));
    });
    imgs.append(el('h2', {}, `Images (${p.images.length})`), el('table', { class: 'images' },
      el('colgroup', {}, ...['ref', 'dig', 'kind', 'plat', 'size', 'status'].map((c) => el('col', { class: c }))),
      el('thead', {}, el('tr', {}, ...['Reference', 'Stored digest', 'Kind', 'Platforms', 'Size', 'Status'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...rows)));
  }

  const fs = $('findings');
  fs.replaceChildren(el('h2', {}, report.findings.length ? `Findings (${report.findings.length})` : 'Findings: none'));
  for (const sev of ['error', 'warning', 'note']) {
    const list = report.findings.filter((f) => f.severity === sev);
    if (!list.length) continue;
    const group = el('div', { class: 'group', 'data-severity': sev }, el('h3', {}, `${sev[0].toUpperCase()}${sev.slice(1)}s (${list.length})`));
    for (const f of list) {
      const more = el('details', {}, el('summary', {}, `Explain ${f.code}`));
      more.addEventListener('toggle', () => {
        if (more.open && more.children.length === 1) {
          let text;
          try { text = explain(f.code); } catch (e) { text = String(e.message || e); }
          more.append(el('pre', {}, text));
        }
      });
      group.append(el('article', { class: `finding ${sev}`, 'data-code': f.code },
        el('div', {}, el('span', { class: 'code' }, f.code), el('span', { class: 'muted' }, sev)),
        el('p', { class: 'msg' }, f.message),
        f.path ? el('div', { class: 'meta' }, 'path ', el('span', { class: 'mono' }, f.path), f.pointer ? ` at ${f.pointer}` : '') : null,
        f.digest ? el('div', { class: 'meta' }, 'digest ', digestCell(f.digest)) : null,
        f.help ? el('p', { class: 'help' }, f.help) : null,
        more));
    }
    fs.append(group);
  }
  $('verdict').focus?.();
}

function download(text, name, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// ---- wiring --------------------------------------------------------------------------------

$('files').addEventListener('change', (e) => { run(fromInput(e.target)); e.target.value = ''; });
$('folder').addEventListener('change', (e) => { run(fromInput(e.target)); e.target.value = ''; });
$('trustedroot').addEventListener('change', (e) => { const f = e.target.files[0]; $('trustedroot-name').textContent = f ? f.name : ''; });
$('keyfile').addEventListener('change', async (e) => { const f = e.target.files[0]; if (f) $('key').value = await f.text(); });
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', async (e) => { e.preventDefault(); drop.classList.remove('over'); run(await fromDrop(e.dataTransfer)); });
drop.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); $('files').click(); } });
$('cancel').addEventListener('click', () => { cancel(); document.body.dataset.state = 'cancelled'; });
$('again').addEventListener('click', () => { show(null); $('files').focus(); });
const base = () => (last ? last.name.replace(/[^A-Za-z0-9._-]/g, '_') : 'report');
$('export-json').addEventListener('click', () => last && download(last.result.json + '\n', `${base()}.zverify.json`, 'application/json'));
$('export-sarif').addEventListener('click', () => last && download(last.result.sarif + '\n', `${base()}.zverify.sarif`, 'application/sarif+json'));
$('export-text').addEventListener('click', () => last && download(last.result.text, `${base()}.zverify.txt`, 'text/plain'));
$('copy-text').addEventListener('click', async (e) => {
  if (!last) return;
  try { await navigator.clipboard.writeText(last.result.text); e.target.textContent = 'Copied'; } catch { e.target.textContent = 'Copy failed'; }
  setTimeout(() => { e.target.textContent = 'Copy summary'; }, 1500);
});
// For tests and scripts: the last report's exports.
window.zverifyLast = () => last && last.result;
await ready;
