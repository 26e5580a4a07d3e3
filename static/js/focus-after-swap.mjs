// After htmx swaps new content in, focus moves to the part of it marked data-focus-after-swap
// (a saved row's confirmation, or the error that stopped the save), so keyboard and screen
// reader users are not left on the button that the swap took away. Something not focusable by
// nature carries tabindex="-1" beside the attribute. No inline script: the CSP forbids it.

export function focusAfterSwap(root) {
  if (!(root instanceof Element)) return;
  const target = root.matches("[data-focus-after-swap]")
    ? root
    : root.querySelector("[data-focus-after-swap]");
  if (!target) return;
  // Once only: a later swap elsewhere must not pull focus back here.
  target.removeAttribute("data-focus-after-swap");
  target.focus();
}
