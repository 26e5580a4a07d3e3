// Starts GOV.UK Frontend's components, and again inside any content htmx swaps in.
import { initAll } from "../dist/govuk/govuk-frontend.min.js";
import { startTimeoutWarning } from "./timeout-warning.mjs";

initAll();
startTimeoutWarning(document.getElementById("timeout-warning"));

document.addEventListener("htmx:afterSettle", (event) => {
  initAll({ scope: event.detail.elt });
});
