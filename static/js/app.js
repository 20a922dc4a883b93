// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so that screen reader users hear what to correct.
  const summary = document.getElementById("feiloppsummering");
  if (summary) summary.focus();
});

// Session expiry warning (accounts.middleware.SessionTimeoutMiddleware ends an idle login).
// Shortly before the end a dialog offers to stay logged in; "stay" posts to a light endpoint.
// When the time is up the page goes to the login page, so that nothing stays on the screen.
document.addEventListener("DOMContentLoaded", () => {
  const dialog = document.getElementById("session-timeout");
  if (!dialog || typeof dialog.showModal !== "function") return;
  const warnMs = Number(dialog.dataset.warnSeconds) * 1000;
  const final = dialog.querySelector("[data-session-final]");
  const pingForm = dialog.querySelector("form[data-session-ping]");
  let timer = null;

  // The login has ended: nothing may hold the page, not even unsaved text (static/js/unsaved.js).
  const leave = () => {
    document.dispatchEvent(new Event("app:session-end"));
    window.location.assign(dialog.dataset.endUrl);
  };

  const schedule = (secondsLeft) => {
    clearTimeout(timer);
    const ms = Number(secondsLeft) * 1000;
    if (!(ms > 0)) {
      leave();
    } else if (ms > warnMs) {
      if (dialog.open) dialog.close();
      timer = setTimeout(check, ms - warnMs);
    } else {
      if (!dialog.open) dialog.showModal();
      timer = setTimeout(check, ms);
    }
  };

  // Ask the server: another tab may have kept the login alive. Asking is not activity.
  const check = () =>
    fetch(dialog.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : { seconds_left: 0 }))
      .then((data) => schedule(data.seconds_left))
      .catch(leave);

  const stay = () =>
    fetch(pingForm.action, { method: "POST", body: new FormData(pingForm), credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : { seconds_left: 0 }))
      .then((data) => {
        // Only the 10-hour limit is left: say so, and keep the dialog.
        if (final) final.hidden = !(Number(data.seconds_left) * 1000 <= warnMs);
        schedule(data.seconds_left);
      })
      .catch(leave);

  pingForm.addEventListener("submit", (event) => {
    event.preventDefault();
    stay();
  });
  // Escape also means "I am here".
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stay();
  });

  schedule(dialog.dataset.secondsLeft);
});

// The header menu on a narrow screen (WCAG 1.4.10 reflow): the menu folds away behind «Meny», a
// disclosure button (aria-expanded). Without JavaScript the button stays hidden and the menu
// stays open, wrapped; the CSS folds it only under .app-header--js. Escape closes it.
(() => {
  const toggle = document.querySelector("[data-menu-toggle]");
  if (!toggle) return;
  const menu = document.getElementById(toggle.getAttribute("aria-controls"));
  const header = toggle.closest(".app-header");
  if (!menu || !header) return;
  const isOpen = () => toggle.getAttribute("aria-expanded") === "true";
  const set = (open) => {
    toggle.setAttribute("aria-expanded", String(open));
    header.classList.toggle("app-header--open", open);
  };
  header.classList.add("app-header--js");
  toggle.hidden = false;
  toggle.addEventListener("click", () => set(!isOpen()));
  header.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen()) {
      set(false);
      toggle.focus();
    }
  });
})();

// A wide table scrolls inside its own region (.app-table-scroll, WCAG 1.4.10). The region is in
// the tab order (tabindex="0" in the markup) so that a keyboard can scroll it; where the table
// fits, the script takes that tab stop away again, and gives it back when the window narrows.
(() => {
  const regions = document.querySelectorAll(".app-table-scroll");
  if (!regions.length || typeof ResizeObserver !== "function") return;
  const update = (region) => {
    if (region.scrollWidth > region.clientWidth + 1) region.setAttribute("tabindex", "0");
    else if (region !== document.activeElement) region.removeAttribute("tabindex");
  };
  const observer = new ResizeObserver((entries) => entries.forEach((e) => update(e.target)));
  regions.forEach((region) => observer.observe(region));
})();

// A part of a form that belongs to one choice (data-show-when="name=value", e.g. the fields of
// a consent's purpose, issue 20): shown only while that choice is made, and disabled otherwise
// so that it is not sent (its text stays in the page if the user changes their mind). Without
// JavaScript every part shows, each saying what it is for, and the server asks only for the
// chosen one's fields.
(() => {
  const parts = document.querySelectorAll("[data-show-when]");
  parts.forEach((part) => {
    const form = part.closest("form");
    const [name, value] = part.dataset.showWhen.split("=");
    if (!form || !name) return;
    const update = () => {
      const chosen = [...form.elements].find(
        (el) => el.name === name && (el.type === "radio" ? el.checked : true)
      );
      const on = chosen !== undefined && chosen.value === value;
      part.hidden = !on;
      part.disabled = !on;
    };
    form.addEventListener("change", (event) => {
      if (event.target.name === name) update();
    });
    update();
  });
})();
