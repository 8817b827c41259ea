// A hashing worker: hashes handed-out entries with its own WebAssembly instance and posts each
// digest back. Two ways in:
// - a range of the user's file (a .tar's entry, a folder's file), read here with a BYOB reader from
//   File.slice: {module, file, offset, len, plan} → {type:'progress', n} … {type:'digest', digest};
// - a stream (a .tar.zst's entry, decompressed by the coordinating worker): {type:'start', module,
//   plan}, then {type:'data', bytes} (each acknowledged with {type:'progress', n}), then {type:'end'}
//   → {type:'digest', digest}.
// Messages are handled one after another, in the order they came.
import init, { RangeHasher } from './pkg/zverify_wasm.js';

const CHUNK = 4 << 20;
let buffer = new ArrayBuffer(CHUNK);
let ready = null;
let stream = null; // {h, planJson}
let chain = Promise.resolve();

async function range({ file, offset, len, plan }) {
  const planJson = JSON.stringify(plan);
  const h = new RangeHasher(planJson);
  let unreported = 0;
  try {
    const reader = file.slice(offset, offset + len).stream().getReader({ mode: 'byob' });
    for (;;) {
      const { value, done } = await reader.read(new Uint8Array(buffer, 0, CHUNK));
      if (value) buffer = value.buffer;
      if (done) break;
      h.write(value);
      unreported += value.byteLength;
      if (unreported >= 16 << 20) { postMessage({ type: 'progress', n: unreported }); unreported = 0; }
    }
    postMessage({ type: 'digest', digest: h.finish(), n: unreported });
  } catch (e) {
    postMessage({ type: 'digest', digest: RangeHasher.failed(planJson, `reading failed: ${e.message || e}`), n: unreported });
  } finally {
    h.free();
  }
}

function streamed(msg) {
  if (msg.type === 'start') {
    const planJson = JSON.stringify(msg.plan);
    stream = { h: new RangeHasher(planJson), planJson };
  } else if (msg.type === 'data') {
    stream.h.write(msg.bytes);
    postMessage({ type: 'progress', n: msg.bytes.byteLength });
  } else if (msg.type === 'end') {
    let digest;
    try {
      digest = stream.h.finish();
    } catch (e) {
      digest = RangeHasher.failed(stream.planJson, `hashing failed: ${e.message || e}`);
    }
    stream.h.free();
    stream = null;
    postMessage({ type: 'digest', digest, n: 0 });
  }
}

async function handle(msg) {
  if (!ready) ready = init({ module_or_path: msg.module });
  await ready;
  if (msg.type) streamed(msg); else await range(msg);
}

onmessage = (ev) => { chain = chain.then(() => handle(ev.data)); };
