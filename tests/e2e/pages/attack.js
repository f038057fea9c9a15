// The host contract (import, await init()), keeping what init() returns so that the drills can
// read the size of the widget's wasm memory.
import init from "/pkg/vidmud_credits.js";
const wasm = await init();
window.wasmBytes = () => wasm.memory.buffer.byteLength;
window.widgetReady = true;
