// Starts GOV.UK Frontend's components, and again inside any content htmx swaps in, where focus
// then goes to what the new content asks for (focus-after-swap.mjs).
import { initAll } from "../dist/govuk/govuk-frontend.min.js";
import { focusAfterSwap } from "./focus-after-swap.mjs";
import { startTimeoutWarning } from "./timeout-warning.mjs";

initAll();
startTimeoutWarning(document.getElementById("timeout-warning"));

document.addEventListener("htmx:afterSettle", (event) => {
  initAll({ scope: event.detail.elt });
  focusAfterSwap(event.detail.elt);
});
