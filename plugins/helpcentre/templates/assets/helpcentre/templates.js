/* helpcentre: agent templates (internal build).
 *
 * A template page (helpcentre/template-tools.html) has one input per blank and a preview whose
 * blanks are `<span data-hc-ph="key">`: typing fills the preview, remembered keys (agent name,
 * company…) are kept in localStorage for every template and language, and Copy puts plain text
 * (and HTML where the browser allows) on the clipboard, naming the blanks still empty.
 * A template library (helpcentre/template-library.html) gets a channel and a text filter.
 */
(() => {
  const STORE = "helpcentre.blank.";
  const { fold, words: wordsOf } = window.helpcentre; // fold.js

  function stored(key) {
    try { return localStorage.getItem(STORE + key) || ""; } catch { return ""; }
  }

  function store(key, value) {
    try { value ? localStorage.setItem(STORE + key, value) : localStorage.removeItem(STORE + key); } catch { /* private mode */ }
  }

  /* The preview as an agent would type it: blocks separated by blank lines, list items on their own. */
  function plainText(node) {
    const blocks = [];
    for (const child of node.children) {
      if (child.matches("ul, ol")) {
        const ordered = child.matches("ol");
        blocks.push([...child.children].map((li, i) => `${ordered ? `${i + 1}.` : "-"} ${inlineText(li)}`).join("\n"));
      } else {
        blocks.push(inlineText(child));
      }
    }
    return blocks.filter((b) => b.trim()).join("\n\n");
  }

  function inlineText(node) {
    // Line breaks in the source are spaces on the page; only <br> (two trailing spaces) is a new line.
    const clone = node.cloneNode(true);
    clone.querySelectorAll("br").forEach((br) => br.replaceWith("\u0000"));
    // NUL marks the line breaks: it cannot occur in page text, so no text is taken for one.
    // eslint-disable-next-line no-control-regex
    return clone.textContent.replace(/\s+/g, " ").replace(/ ?\u0000 ?/g, "\n").trim();
  }

  /* Text typed by the agent (or written in front matter) is text in the clipboard's HTML too. */
  function escapeHtml(text) {
    const holder = document.createElement("span");
    holder.textContent = text;
    return holder.innerHTML.replaceAll('"', "&quot;");
  }

  function filledHtml(node) {
    const clone = node.cloneNode(true);
    clone.querySelectorAll("[data-hc-ph], .hc-direction").forEach((span) => span.replaceWith(span.textContent));
    clone.querySelectorAll("[class], [id]").forEach((el) => { el.removeAttribute("class"); el.removeAttribute("id"); });
    return clone.innerHTML;
  }

  async function writeClipboard(text, html) {
    if (navigator.clipboard && window.ClipboardItem) {
      try {
        await navigator.clipboard.write([new ClipboardItem({
          "text/plain": new Blob([text], { type: "text/plain" }),
          "text/html": new Blob([html], { type: "text/html" }),
        })]);
        return true;
      } catch { /* fall through: some browsers refuse text/html */ }
    }
    if (navigator.clipboard) {
      try { await navigator.clipboard.writeText(text); return true; } catch { /* fall through */ }
    }
    const area = Object.assign(document.createElement("textarea"), { value: text });
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }

  function enhanceTemplate(root) {
    const remember = new Set(root.dataset.remember.split(" ").filter(Boolean));
    const inputs = [...root.querySelectorAll("[data-hc-blank]")];
    const body = root.querySelector("[data-hc-body]");
    const subject = root.querySelector("[data-hc-subject]");
    const status = root.querySelector("[data-hc-copy-status]");
    const blanks = [...root.querySelectorAll("[data-hc-ph]")];
    blanks.forEach((span) => { span.dataset.placeholder = span.textContent; });

    const fill = (input) => {
      const value = input.value.trim();
      blanks.filter((s) => s.dataset.hcPh === input.dataset.hcBlank).forEach((span) => {
        span.textContent = value || span.dataset.placeholder;
        span.classList.toggle("hc-ph--filled", Boolean(value));
      });
      if (value) input.removeAttribute("aria-invalid");
    };
    for (const input of inputs) {
      if (remember.has(input.dataset.hcBlank)) input.value = stored(input.dataset.hcBlank);
      fill(input);
      input.addEventListener("input", () => {
        fill(input);
        if (remember.has(input.dataset.hcBlank)) store(input.dataset.hcBlank, input.value.trim());
      });
    }

    root.querySelector("[data-hc-copy]").addEventListener("click", async () => {
      const empty = inputs.filter((input) => !input.value.trim());
      let text = plainText(body);
      let html = filledHtml(body);
      if (subject) {
        text = `${root.dataset.textSubject}: ${subject.textContent.trim()}\n\n${text}`;
        html = `<p><strong>${escapeHtml(root.dataset.textSubject)}:</strong> ${escapeHtml(subject.textContent.trim())}</p>${html}`;
      }
      const ok = await writeClipboard(text, html);
      empty.forEach((input) => input.setAttribute("aria-invalid", "true"));
      const names = empty.map((input) => input.dataset.label).join(", ");
      status.textContent = !ok ? root.dataset.textCopyFailed
        : empty.length ? root.dataset.textCopiedEmpty.replace("{names}", names) : root.dataset.textCopied;
      status.classList.toggle("hc-template__status--warning", !ok || empty.length > 0);
    });
  }

  function enhanceLibrary(root) {
    const filters = root.querySelector("[data-hc-library-filters]");
    const channel = root.querySelector("[data-hc-library-channel]");
    const text = root.querySelector("[data-hc-library-text]");
    const status = root.querySelector("[data-hc-library-status]");
    const items = [...root.querySelectorAll("[data-hc-item]")];
    const words = new Map(items.map((item) => [item, wordsOf(fold(item.dataset.text))]));
    const counts = JSON.parse(root.dataset.textCount);
    const plural = new Intl.PluralRules(document.documentElement.lang || "en");
    filters.hidden = false;

    const apply = () => {
      const query = wordsOf(fold(text.value));
      let shown = 0;
      for (const item of items) {
        const match = (!channel.value || item.dataset.channel === channel.value)
          && query.every((q) => words.get(item).some((w) => w.startsWith(q)));
        item.hidden = !match;
        if (match) shown += 1;
      }
      if (!query.length && !channel.value) { status.textContent = ""; return; }
      status.textContent = shown ? (counts[plural.select(shown)] || counts.other).replace("{n}", shown)
        : root.dataset.textNone.replace("{query}", text.value.trim() || channel.selectedOptions[0].text);
    };
    channel.addEventListener("change", apply);
    text.addEventListener("input", apply);
  }

  function start() {
    document.querySelectorAll("[data-hc-template]").forEach(enhanceTemplate);
    document.querySelectorAll("[data-hc-library]").forEach(enhanceLibrary);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
