// The demo signs in to the reference account API with its demo token. A real host would set
// the token it got from its own sign-in; the widget never stores it.
const params = new URLSearchParams(location.search);
for (const el of document.querySelectorAll("vidmud-credits")) {
  if (!params.has("signed-out")) el.authToken = "vidmud-demo-token";
}
