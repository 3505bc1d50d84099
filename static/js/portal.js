// The portal's only script: the mobile menu toggle (no framework needed for it).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-toggle-target]");
  if (!button) return;
  const target = document.querySelector(button.dataset.toggleTarget);
  if (!target) return;
  const open = target.classList.toggle("show");
  button.setAttribute("aria-expanded", open ? "true" : "false");
});
