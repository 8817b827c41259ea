// A hashing worker: hashes one handed-out entry (a byte range of the user's file, read with a BYOB
// reader from File.slice) with its own WebAssembly instance, and posts the digest back.
// In: {module, file, offset, len, plan}; out: {type:'progress', n} … {type:'digest', digest}.
import init, { RangeHasher } from './pkg/zverify_wasm.js';

const CHUNK = 4 << 20;
let buffer = new ArrayBuffer(CHUNK);
let ready = null;

onmessage = async (ev) => {
  const { module, file, offset, len, plan } = ev.data;
  if (!ready) ready = init({ module_or_path: module });
  await ready;
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
};
