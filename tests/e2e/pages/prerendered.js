// Loads the widget's module at once, or with `?wasm=later` only when the test calls
// loadWidget(): until then the page has the prerendered first view alone, as a page whose
// wasm hasn't arrived yet (or never will).
window.loadWidget = async () => {
  const { default: init } = await import("/pkg/vidmud_credits.js");
  await init();
};
if (new URLSearchParams(location.search).get("wasm") !== "later") await window.loadWidget();
