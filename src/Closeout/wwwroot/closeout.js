// Highlights the evidence of a draft line: every element carrying the link's data-ev class, then scrolls to the first.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-ev]");
  if (!link) return;
  event.preventDefault();
  document.querySelectorAll(".hl").forEach((el) => el.classList.remove("hl"));
  const targets = document.querySelectorAll("." + CSS.escape(link.dataset.ev));
  targets.forEach((el) => el.classList.add("hl"));
  if (targets.length > 0) targets[0].scrollIntoView({ behavior: "smooth", block: "center" });
});
