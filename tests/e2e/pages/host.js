// The whole host contract: import the package and await init(); that defines the element.
import init from "/pkg/vidmud_credits.js";
await init();
