/* helpcentre FAQ: questions are native <details> (keyboard and screen readers work without this
 * file). This adds: opening the question a link points at (#anchor), "expand all", and a filter
 * box that narrows the questions as you type (case- and accent-insensitive, every word a prefix
 * of a word in the question or its answer). Controls come from a translated <template>. */
(() => {
  "use strict";

  const { fold, words: wordsOf } = window.helpcentre; // fold.js

  function openTarget() {
    const id = decodeURIComponent(window.location.hash.slice(1));
    const target = id && document.getElementById(id);
    const item = target && target.closest("details.hc-faq__item");
    if (!item) return;
    item.open = true;
    item.scrollIntoView({ block: "start" });
  }

  function enhance(group, template, n) {
    const tools = template.content.firstElementChild.cloneNode(true);
    const input = tools.querySelector("input");
    const label = tools.querySelector("label");
    const toggle = tools.querySelector("button");
    const status = tools.querySelector("[role=status]");
    input.id = `hc-faq-filter-${n}`;
    label.htmlFor = input.id;
    const items = [...group.querySelectorAll(":scope > details.hc-faq__item")];
    const words = new Map(items.map((item) => [item, wordsOf(fold(item.textContent))]));
    const plural = new Intl.PluralRules(document.documentElement.lang || undefined);
    const counts = JSON.parse(template.dataset.count);

    const showToggle = () => {
      const allOpen = items.filter((i) => !i.hidden).every((i) => i.open);
      toggle.textContent = allOpen ? template.dataset.collapse : template.dataset.expand;
      toggle.setAttribute("aria-expanded", allOpen ? "true" : "false");
    };
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      items.filter((i) => !i.hidden).forEach((i) => { i.open = open; });
      showToggle();
    });
    items.forEach((item) => item.addEventListener("toggle", showToggle));
    input.addEventListener("input", () => {
      const query = wordsOf(fold(input.value));
      let shown = 0;
      for (const item of items) {
        const match = query.every((q) => words.get(item).some((w) => w.startsWith(q)));
        item.hidden = !match;
        if (match) shown += 1;
      }
      if (!query.length) { status.textContent = ""; showToggle(); return; }
      status.textContent = shown
        ? (counts[plural.select(shown)] || counts.other).replace("{n}", shown)
        : template.dataset.none.replace("{query}", input.value.trim());
      showToggle();
    });
    group.before(tools);
    showToggle();
  }

  function start() {
    const template = document.getElementById("hc-faq-tools");
    if (template) document.querySelectorAll("[data-hc-faq]").forEach((group, n) => enhance(group, template, n));
    openTarget();
    window.addEventListener("hashchange", openTarget);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
