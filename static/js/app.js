// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so that screen reader users hear what to correct.
  const summary = document.getElementById("feiloppsummering");
  if (summary) summary.focus();
});
