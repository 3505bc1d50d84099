// The portal's only script: the mobile menu toggle (no framework needed for it).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-toggle-target]");
  if (!button) return;
  const target = document.querySelector(button.dataset.toggleTarget);
  if (!target) return;
  const open = target.classList.toggle("show");
  button.setAttribute("aria-expanded", open ? "true" : "false");
});

// A long answer typed but not saved yet survives a click elsewhere (another step, a link): it is kept
// in this tab's sessionStorage until its form is sent, and put back if the page comes back empty.
document.querySelectorAll("textarea[data-keep]").forEach((area) => {
  const key = `portail:${area.dataset.keep}`;
  const kept = sessionStorage.getItem(key);
  if (kept && !area.value.trim()) area.value = kept;
  area.addEventListener("input", () => sessionStorage.setItem(key, area.value));
  if (area.form) area.form.addEventListener("submit", () => sessionStorage.removeItem(key));
});
