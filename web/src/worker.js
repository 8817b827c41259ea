// The verification worker: reads the user's files with a BYOB reader and one reused buffer (a
// multi-GiB package never sits in memory) and pushes the bytes into the zverify core (WebAssembly).
// Protocol (postMessage): in {type:'check', job}; out {type:'progress'|'done'|'error', ...}.
// The page cancels a check by terminating this worker.
import init, { Checker, handOutMin, sniffKind } from './pkg/zverify_wasm.js';

const CHUNK = 4 << 20;
// Files and entries at least this large are hashed in hashing workers (the core's HAND_OUT_MIN,
// read from the module once it is loaded); smaller ones inline, where a worker's round trip would
// cost more than the hashing.
let HAND_OUT_MIN = 0;
// Push mode (.tar.zst): the compressed bytes are fed in pieces this large, and decompressed bytes
// on their way to hashing workers are held to at most STREAM_INFLIGHT: a package that decompresses
// faster than the workers hash waits for them instead of piling up in memory.
const PUSH_PIECE = 256 << 10;
const STREAM_INFLIGHT = 64 << 20;
const ZST_WORKERS = false;
let buffer = new ArrayBuffer(CHUNK);
let ready = null;

let done = 0, total = 0, lastPost = 0, handedOut = 0;
function progress(n, force) {
  done += n;
  const now = performance.now();
  if (force || now - lastPost > 100) {
    lastPost = now;
    postMessage({ type: 'progress', done, total });
  }
}

// Read `file` (or a slice of it) to the end, handing each chunk to `sink`; stops early when `sink`
// returns false. Returns whether it read to the end.
async function pump(file, sink, count = true) {
  const reader = file.stream().getReader({ mode: 'byob' });
  try {
    for (;;) {
      const { value, done: end } = await reader.read(new Uint8Array(buffer, 0, CHUNK));
      if (value) buffer = value.buffer; // the reused buffer comes back (transferred) with the view
      if (end) return true;
      if (count) progress(value.byteLength);
      if (sink(value) === false) {
        await reader.cancel();
        return false;
      }
    }
  } finally {
    reader.releaseLock();
  }
}

async function readAll(file, limit) {
  const slice = file.size > limit ? file.slice(0, limit) : file;
  return new Uint8Array(await slice.arrayBuffer());
}

// The keyless policy and the Zarf version asked about, as the CLI's flags give them; the core
// decides whether they make a usable policy (an error here is the CLI's exit code 2).
function configure(c, job) {
  const re = !!job.regexp;
  const root = job.trustedRoot ? new Uint8Array(job.trustedRoot) : undefined;
  if ((job.identity || '').trim() || (job.issuer || '').trim() || root) {
    c.keyless(re ? undefined : job.identity, re ? job.identity : undefined,
      re ? undefined : job.issuer, re ? job.issuer : undefined, root, false, undefined);
  }
  if (job.zarfVersion) c.zarfVersion(job.zarfVersion);
  return c;
}

function opts(job) {
  const cap = job.documentCap ? Number(job.documentCap) : undefined;
  const key = job.key && job.key.trim() ? job.key : undefined;
  return [cap, key];
}

// A pool of hashing workers (hasher.js), one per core: large entries of an uncompressed .tar and
// large files of a folder are hashed there, in parallel, each read from its own File.slice; a
// .tar.zst's large entries are streamed to them as this worker decompresses (`start`/`data`/`end`).
class HashPool {
  constructor(module, size) {
    this.module = module;
    this.idle = [];
    this.waiting = [];
    for (let i = 0; i < size; i++) this.idle.push(new Worker(new URL('./hasher.js', import.meta.url), { type: 'module' }));
    this.all = [...this.idle];
    this.pending = 0;
    this.inflight = 0; // push mode: bytes posted to workers, not yet hashed
  }
  async worker() {
    if (this.idle.length) return this.idle.pop();
    return new Promise((res) => this.waiting.push(res));
  }
  release(w) {
    const next = this.waiting.shift();
    if (next) next(w); else this.idle.push(w);
  }
  // Hash a range; `done(digestJson)` is called when it is hashed.
  async submit(job, done) {
    const w = await this.worker();
    this.pending++;
    w.onmessage = (ev) => {
      progress(ev.data.n);
      if (ev.data.type !== 'digest') return;
      this.pending--;
      done(ev.data.digest);
      this.release(w);
      if (!this.pending && this.drained) this.drained();
    };
    w.postMessage({ module: this.module, ...job });
  }
  // Push mode: a new entry streamed to a worker of its own; returns the stream.
  async start(plan, done) {
    const w = await this.worker();
    this.pending++;
    w.onmessage = (ev) => {
      if (ev.data.type === 'progress') {
        this.inflight -= ev.data.n;
        if (this.inflight <= STREAM_INFLIGHT && this.below) { this.below(); this.below = null; }
        return;
      }
      this.pending--;
      done(ev.data.digest);
      this.release(w);
      if (!this.pending && this.drained) this.drained();
    };
    w.postMessage({ type: 'start', module: this.module, plan });
    return w;
  }
  // The next decompressed bytes of a streamed entry (transferred, not copied).
  data(w, bytes) {
    this.inflight += bytes.byteLength;
    w.postMessage({ type: 'data', bytes }, [bytes.buffer]);
  }
  // Wait while more than STREAM_INFLIGHT bytes are on their way to workers.
  async backpressure() {
    while (this.inflight > STREAM_INFLIGHT) await new Promise((res) => { this.below = res; });
  }
  async drain() {
    if (this.pending) await new Promise((res) => { this.drained = res; });
    this.drained = null;
  }
  close() { for (const w of this.all) w.terminate(); }
}

let wasmModule = null;

async function checkSeekTar(job, file) {
  total = file.size;
  const c = configure(Checker.seekTar(file.name, file.size, ...opts(job)), job);
  const pool = new HashPool(wasmModule, Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 8)));
  try {
    // The session walks the headers; it asks for bytes, or hands a large entry out.
    for (;;) {
      const step = JSON.parse(c.next());
      if (step.read) {
        const [offset, len] = step.read;
        const bytes = new Uint8Array(await file.slice(offset, offset + len).arrayBuffer());
        progress(bytes.byteLength);
        c.supply(bytes, len);
      } else if (step.hand) {
        const { plan, offset, len } = step.hand;
        handedOut++;
        await pool.submit({ file, offset, len, plan }, (digest) => c.complete(digest));
      } else {
        break;
      }
    }
    await pool.drain();
    return await rereadWanted(c, [file]);
  } finally {
    pool.close();
    c.free();
  }
}

// Whatever the session asks for after the first read: documents the budgets could not keep are
// read again from the input (an archive, or a split package's parts in order), as the CLI does
// (rare); then the report. Callers `return await` it, so the checker is not freed under it.
async function rereadWanted(c, files) {
  for (let step = JSON.parse(c.next()); step.reread; step = JSON.parse(c.next())) {
    let more = true;
    for (const f of files) {
      if (!more) break;
      more = await pump(f, (chunk) => c.feed(chunk), false);
    }
    c.endInput();
  }
  return c.finish();
}

async function checkArchive(job) {
  const file = job.files[0];
  // An uncompressed tar is read by offset, its large entries hashed in parallel workers.
  if (!job.single && sniffKind(await readAll(file, 512)) === 'tar') return checkSeekTar(job, file);
  total = file.size;
  const c = configure(new Checker(file.name, ...opts(job)), job);
  // A .tar.zst: this worker decompresses and walks the tar; large entries are hashed in workers.
  // Push mode (large entries streamed to hashing workers as they decompress) is off: on the 1 GiB
  // memory check it took the renderer to ~400 MiB, over the page's 300 MiB bound. Until the bytes in
  // flight are bounded end to end, this worker decompresses and hashes (one core).
  const pool = job.single || !ZST_WORKERS ? null : new HashPool(wasmModule, Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 8)));
  try {
    if (pool) {
      c.pushMode();
      const streams = new Map(); // ticket → worker
      const route = async () => {
        for (let h = c.nextHandout(); h !== undefined; h = c.nextHandout()) {
          const m = JSON.parse(h);
          if (m.start) {
            handedOut++;
            streams.set(m.start.ticket, await pool.start(m.start, (digest) => c.complete(digest)));
          } else if (m.data !== undefined) {
            pool.data(streams.get(m.data), c.handoutBytes());
          } else {
            streams.get(m.end).postMessage({ type: 'end' });
            streams.delete(m.end);
          }
        }
        await pool.backpressure();
      };
      const reader = file.stream().getReader({ mode: 'byob' });
      try {
        read: for (;;) {
          const { value, done: end } = await reader.read(new Uint8Array(buffer, 0, CHUNK));
          if (value) buffer = value.buffer;
          if (end) break;
          progress(value.byteLength);
          for (let at = 0; at < value.byteLength; at += PUSH_PIECE) {
            const more = c.feed(value.subarray(at, at + PUSH_PIECE));
            await route();
            if (!more) { await reader.cancel(); break read; }
          }
        }
      } finally {
        reader.releaseLock();
      }
      c.endInput();
      await route();
      // An entry the archive's damage cut short: its worker hashes what it got (as the CLI's).
      for (const w of streams.values()) w.postMessage({ type: 'end' });
      await pool.drain();
    } else {
      await pump(file, (chunk) => c.feed(chunk));
      c.endInput();
    }
    return await rereadWanted(c, [file]);
  } finally {
    pool?.close();
    c.free();
  }
}

async function checkSplit(job) {
  const byName = new Map(job.files.map((f) => [f.name, f]));
  const names = job.files.map((f) => f.name);
  const sizes = job.files.map((f) => f.size);
  const meta0 = job.files.find((f) => /\.part000$/.test(f.name));
  const [cap, key] = opts(job);
  const metaBytes = meta0 ? await readAll(meta0, (cap ?? 4 << 20) + 1) : new Uint8Array();
  const c = configure(Checker.split(names, sizes, metaBytes, cap, key), job);
  try {
    const parts = c.parts().map((n) => byName.get(n));
    total = parts.reduce((s, f) => s + f.size, 0);
    for (const f of parts) {
      if (!(await pump(f, (chunk) => c.feed(chunk)))) break;
    }
    c.endInput();
    return await rereadWanted(c, parts);
  } finally {
    c.free();
  }
}

async function checkFolder(job) {
  const byPath = new Map(job.entries.map((e) => [e.path, e.file]));
  const c = configure(Checker.folder(job.root, job.entries.map((e) => e.path), ...opts(job)), job);
  const order = { dirs: c.dirs(), files: c.files() };
  // Large files whose bytes the verifier need not keep are hashed in parallel workers, each reading
  // its own File.slice (as the CLI's directory reader hands them to its threads).
  const pool = job.single ? null : new HashPool(wasmModule, Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 8)));
  try {
    for (const d of order.dirs) c.addDirectory(d);
    total = order.files.reduce((s, p) => s + byPath.get(p).size, 0);
    for (const path of order.files) {
      const file = byPath.get(path);
      c.beginEntry(path, file.size);
      if (pool && file.size >= HAND_OUT_MIN) {
        let plan;
        try {
          plan = c.handOut(await readAll(file, 512), file.size);
        } catch (e) {
          c.endEntry();
          c.addUnreadable(path, `reading ${path} failed: ${e.message || e}`);
          continue;
        }
        if (plan !== undefined) {
          c.endEntry();
          handedOut++;
          await pool.submit({ file, offset: 0, len: file.size, plan: JSON.parse(plan) }, (digest) => c.complete(digest));
          continue;
        }
      }
      try {
        await pump(file, (chunk) => { c.write(chunk); });
      } catch (e) {
        c.endEntry();
        c.addUnreadable(path, `reading ${path} failed: ${e.message || e}`);
        continue;
      }
      c.endEntry();
    }
    await pool?.drain();
    c.endInput();
    // Documents the budgets could not keep: read their files again.
    for (let step = JSON.parse(c.next()); step.reread; step = JSON.parse(c.next())) {
      for (const path of step.reread) {
        const file = byPath.get(path);
        if (file) c.supplyDocument(path, await readAll(file, c.documentCap() + 1));
      }
      c.endInput();
    }
    return c.finish();
  } finally {
    pool?.close();
    c.free();
  }
}

onmessage = async (ev) => {
  const msg = ev.data;
  if (msg.type !== 'check') return;
  try {
    wasmModule = msg.module;
    if (!ready) ready = init({ module_or_path: msg.module });
    await ready;
    HAND_OUT_MIN = handOutMin();
    done = 0;
    handedOut = 0;
    const started = performance.now();
    const job = msg.job;
    const outcome = job.mode === 'folder' ? await checkFolder(job)
      : job.mode === 'split' ? await checkSplit(job) : await checkArchive(job);
    progress(0, true);
    const result = { json: outcome.json(), sarif: outcome.sarif(), text: outcome.text(), exitCode: outcome.exitCode() };
    outcome.free();
    postMessage({ type: 'done', result, bytes: done, handedOut, ms: performance.now() - started });
  } catch (e) {
    postMessage({ type: 'error', message: String(e && e.message ? e.message : e) });
  }
};
