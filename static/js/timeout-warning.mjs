// GOV.UK's timeout warning: a signed-in person is told, before their session ends for want of
// use, how long they have, and may stay signed in. Without JavaScript the session still ends;
// the next page asks them to sign in again and brings them back.

const MINUTE = 60;

// The words come from the page (templates/components/timeout_warning.html), translated there:
// "1 minute", "%s minutes", "1 second", "%s seconds".
function describe(seconds, words) {
  if (seconds >= MINUTE) {
    const minutes = Math.ceil(seconds / MINUTE);
    return minutes === 1 ? words.minute : words.minutes.replace("%s", minutes);
  }
  return seconds === 1 ? words.second : words.seconds.replace("%s", seconds);
}

export function startTimeoutWarning(dialog) {
  if (!dialog || typeof dialog.showModal !== "function") return;
  const warnBefore = Number(dialog.dataset.warnBefore);
  const countdown = dialog.querySelector("[data-countdown]");
  const keepAlive = dialog.querySelector("form[data-keep-alive]");
  const signInUrl = dialog.dataset.signInUrl;
  const words = {
    minute: dialog.dataset.oneMinute,
    minutes: dialog.dataset.minutes,
    second: dialog.dataset.oneSecond,
    seconds: dialog.dataset.seconds,
  };
  let endsAt;
  let warnTimer;
  let tick;

  function schedule(expiresIn) {
    endsAt = Date.now() + expiresIn * 1000;
    clearTimeout(warnTimer);
    clearInterval(tick);
    warnTimer = setTimeout(warn, Math.max(0, (expiresIn - warnBefore) * 1000));
  }

  function secondsLeft() {
    return Math.max(0, Math.round((endsAt - Date.now()) / 1000));
  }

  function warn() {
    countdown.textContent = describe(secondsLeft(), words);
    if (!dialog.open) dialog.showModal();
    tick = setInterval(() => {
      const left = secondsLeft();
      // Screen readers hear the time left each minute, and each 15 seconds at the end.
      if (left % MINUTE === 0 || left <= 20 && left % 15 === 0 || left === 0) {
        countdown.textContent = describe(left, words);
      }
      if (left === 0) {
        clearInterval(tick);
        const next = encodeURIComponent(window.location.pathname + window.location.search);
        window.location.assign(`${signInUrl}?timed_out=1&next=${next}`);
      }
    }, 1000);
  }

  keepAlive.addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await fetch(keepAlive.action, {
      method: "POST",
      body: new FormData(keepAlive),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) {
      window.location.assign(signInUrl);
      return;
    }
    const { expires_in: expiresIn } = await response.json();
    dialog.close();
    schedule(expiresIn);
  });

  // Escape would hide the warning without answering it: treat it as "stay signed in".
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    keepAlive.requestSubmit();
  });

  schedule(Number(dialog.dataset.expiresIn));
}
