// Issue 20: no action may drop typed text. When the user leaves a page whose form they have
// changed and not saved, the browser asks first (beforeunload). Progressive enhancement: the
// pages themselves save before they go on where they can (e.g. «Legg til tiltak» in the draft
// is a button of the draft's form); this catches every other way out (a link, the menu, back).
//
// Watched: every form with method="post", except a form marked data-warn-unsaved="off", a
// search (role="search") and a form htmx submits by itself (hx-post, hx-get). A form counts as
// changed when its values differ from those the page was loaded with; a form the server sent
// back with errors (aria-invalid) holds text not yet saved, so it counts as changed from the
// start. Submitting a form (any form) lets the page go without asking, and so does the end of
// the login (the event app:session-end from app.js).
(() => {
  const WATCHED =
    'form[method="post" i]:not([data-warn-unsaved="off"]):not([role="search"]):not([hx-post]):not([hx-get])';
  const IGNORED = new Set(["csrfmiddlewaretoken"]);
  const loaded = new WeakMap();
  let leaving = false;

  const values = (form) =>
    JSON.stringify(
      [...new FormData(form)]
        .filter(([name, value]) => !IGNORED.has(name) && typeof value === "string")
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    );

  const remember = () => {
    document.querySelectorAll(WATCHED).forEach((form) => {
      const unsavedFromServer = form.querySelector('[aria-invalid="true"]') !== null;
      loaded.set(form, unsavedFromServer ? null : values(form));
    });
  };

  const changed = (form) => {
    if (!loaded.has(form)) return false;
    const before = loaded.get(form);
    return before === null || before !== values(form);
  };

  remember();
  // A part of the page htmx replaced starts afresh.
  document.addEventListener("htmx:afterSettle", remember);

  // Registered on window, it runs after a form's own handlers: a submit a script stopped
  // (preventDefault) does not leave the page.
  window.addEventListener("submit", (event) => {
    if (!event.defaultPrevented) leaving = true;
  });
  // The login ended (static/js/app.js): the page goes to the login page whatever it holds.
  document.addEventListener("app:session-end", () => {
    leaving = true;
  });
  // Back to this page from the browser's cache: watch again.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) leaving = false;
  });

  window.addEventListener("beforeunload", (event) => {
    if (leaving) return;
    if (![...document.querySelectorAll(WATCHED)].some(changed)) return;
    event.preventDefault();
    // Older browsers need a return value; every browser shows its own text.
    event.returnValue = "";
  });
})();
