// The one-tag embed: `<script type="module" src="…/vidmud-credits.js"></script>` defines
// <vidmud-credits>, with no inline script, and so does `import "vidmud-credits"` in a bundled
// app. Its default export returns the promise of that definition, for hosts that await it.
import init from "./vidmud_credits.js";

const ready = init();

export default () => ready;
