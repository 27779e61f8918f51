/* helpcentre: agent templates (internal build).
 *
 * A template page (helpcentre/template-tools.html) has one input per blank and a preview whose
 * blanks are `<span data-hc-ph="key">`: typing fills the preview, remembered keys (agent name,
 * company…) are kept in localStorage for every template and language with the title of the template
 * they were typed in (shown, and forgotten in one click), and Copy puts plain text (and HTML where
 * the browser allows) on the clipboard. With blanks still empty, Copy first asks, naming them and
 * focusing the first; stage directions are left out of the copy unless the agent asks for them.
 * A template library (helpcentre/template-library.html) gets a channel and a text filter.
 */
(() => {
  const STORE = "helpcentre.blank.";
  const PHONE = "(max-width: 44.9375em)"; // Material's breakpoint below which the sidebar folds away
  const { fold, words: wordsOf } = window.helpcentre; // fold.js

  /* A remembered value and where it was typed: {value, title} (older versions stored the bare value). */
  function stored(key) {
    let raw = "";
    try { raw = localStorage.getItem(STORE + key) || ""; } catch { return { value: "", title: "" }; }
    try {
      const found = JSON.parse(raw);
      if (found && typeof found.value === "string") return { value: found.value, title: String(found.title || "") };
    } catch { /* a bare value */ }
    return { value: raw, title: "" };
  }

  function store(key, value, title) {
    try {
      if (value) localStorage.setItem(STORE + key, JSON.stringify({ value, title }));
      else localStorage.removeItem(STORE + key);
    } catch { /* private mode */ }
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

  /* What is copied: the body without the stage directions and customer turns unless asked for. */
  function copiedBody(body, withDirections) {
    const clone = body.cloneNode(true);
    if (!withDirections) clone.querySelectorAll(".hc-turn, .hc-direction").forEach((el) => el.remove());
    return clone;
  }

  function filledHtml(node) {
    const clone = node.cloneNode(true);
    // Replaced by text nodes: a typed '<img …>' is serialised as '&lt;img …&gt;', never as markup.
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

  function plural(root, name, count) {
    const forms = JSON.parse(root.dataset[name]);
    const form = new Intl.PluralRules(document.documentElement.lang || "en").select(count);
    return (forms[form] || forms.other).replace("{n}", count);
  }

  /* Phones: the form starts folded into a list of its blanks, so the preview and Copy are in view. */
  function foldForm(root, inputs) {
    const form = root.querySelector("[data-hc-fill]");
    const chips = root.querySelector("[data-hc-chips]");
    const progress = root.querySelector("[data-hc-progress]");
    if (!form) return { open: () => {}, update: () => {} };
    if (window.matchMedia(PHONE).matches) form.open = false;
    const buttons = inputs.map((input) => {
      const button = Object.assign(document.createElement("button"), { type: "button", textContent: input.dataset.label });
      button.className = "hc-chip";
      button.addEventListener("click", () => { form.open = true; input.focus(); });
      const item = document.createElement("li");
      item.append(button);
      chips.append(item);
      return button;
    });
    chips.hidden = false;
    const update = () => {
      inputs.forEach((input, i) => buttons[i].classList.toggle("hc-chip--filled", Boolean(input.value.trim())));
      progress.textContent = `${inputs.filter((input) => input.value.trim()).length}/${inputs.length}`;
    };
    return { open: () => { form.open = true; }, update };
  }

  function enhanceTemplate(root) {
    const remember = new Set(root.dataset.remember.split(" ").filter(Boolean));
    const inputs = [...root.querySelectorAll("[data-hc-blank]")];
    const body = root.querySelector("[data-hc-body]");
    const subject = root.querySelector("[data-hc-subject]");
    const status = root.querySelector("[data-hc-copy-status]");
    const anyway = root.querySelector("[data-hc-copy-anyway]");
    const directions = root.querySelector("[data-hc-directions]");
    const blanks = [...root.querySelectorAll("[data-hc-ph]")];
    const fold = foldForm(root, inputs);
    let asked = false; // Copy with empty blanks asks once; the next Copy goes ahead
    blanks.forEach((span) => { span.dataset.placeholder = span.textContent; });

    const fill = (input) => {
      const value = input.value.trim();
      blanks.filter((s) => s.dataset.hcPh === input.dataset.hcBlank).forEach((span) => {
        span.textContent = value || span.dataset.placeholder;
        span.classList.toggle("hc-ph--filled", Boolean(value));
      });
      if (value) input.removeAttribute("aria-invalid");
      fold.update();
    };
    for (const input of inputs) {
      const origin = root.querySelector(`[data-hc-origin="${CSS.escape(input.dataset.hcBlank)}"]`);
      if (remember.has(input.dataset.hcBlank)) {
        const found = stored(input.dataset.hcBlank);
        input.value = found.value;
        if (found.value && origin) showOrigin(root, origin, found.title);
      }
      fill(input);
      input.addEventListener("input", () => {
        fill(input);
        if (origin) origin.hidden = true; // typed here now
        if (remember.has(input.dataset.hcBlank)) store(input.dataset.hcBlank, input.value.trim(), root.dataset.title);
      });
      origin?.querySelector("[data-hc-forget]").addEventListener("click", () => {
        store(input.dataset.hcBlank, "");
        input.value = "";
        fill(input);
        origin.hidden = true;
        status.textContent = root.dataset.textForgotten.replace("{label}", input.dataset.label);
        input.focus();
      });
    }
    blanks.forEach((span) => span.addEventListener("click", () => {
      const input = inputs.find((i) => i.dataset.hcBlank === span.dataset.hcPh);
      if (input) { fold.open(); input.focus(); }
    }));
    if (directions) {
      const mark = () => body.classList.toggle("hc-template__body--lines-only", !directions.checked);
      directions.addEventListener("change", mark);
      mark();
    }

    const copy = async () => {
      const empty = inputs.filter((input) => !input.value.trim());
      asked = false;
      anyway.hidden = true;
      const chosen = copiedBody(body, directions ? directions.checked : true);
      let text = plainText(chosen);
      let html = filledHtml(chosen);
      if (subject) {
        text = `${root.dataset.textSubject}: ${subject.textContent.trim()}\n\n${text}`;
        html = `<p><strong>${escapeHtml(root.dataset.textSubject)}:</strong> ${escapeHtml(subject.textContent.trim())}</p>${html}`;
      }
      const ok = await writeClipboard(text, html);
      const names = empty.map((input) => input.dataset.label).join(", ");
      status.textContent = !ok ? root.dataset.textCopyFailed
        : empty.length ? root.dataset.textCopiedEmpty.replace("{names}", names) : root.dataset.textCopied;
      status.classList.toggle("hc-template__status--warning", !ok || empty.length > 0);
    };

    root.querySelector("[data-hc-copy]").addEventListener("click", () => {
      const empty = inputs.filter((input) => !input.value.trim());
      if (!empty.length || asked) { copy(); return; }
      asked = true;
      empty.forEach((input) => input.setAttribute("aria-invalid", "true"));
      status.textContent = plural(root, "textEmptyAsk", empty.length)
        .replace("{names}", empty.map((input) => input.dataset.label).join(", "));
      status.classList.add("hc-template__status--warning");
      anyway.hidden = false;
      fold.open();
      empty[0].focus();
    });
    anyway.addEventListener("click", copy);
  }

  function showOrigin(root, origin, title) {
    const text = origin.querySelector("[data-hc-origin-text]");
    text.textContent = title ? root.dataset.textRememberedFrom.replace("{title}", title) : "";
    origin.hidden = false;
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
