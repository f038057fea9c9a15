// The demo (index.html at the repository root) is a host page like any other: it embeds pkg/
// as the README says.
// It signs in to the reference account API with its demo token; a real host would set the token
// it got from its own sign-in (the widget never stores it). Set before init(), as a host that
// renders its markup first would: the element picks it up when it is defined.
import init from "../pkg/vidmud_credits.js";

const params = new URLSearchParams(location.search);
for (const el of document.querySelectorAll("vidmud-credits")) {
  if (!params.has("signed-out")) el.authToken = "vidmud-demo-token";
}
await init();
