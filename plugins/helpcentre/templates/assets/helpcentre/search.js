/* helpcentre search boxes: instant results as the reader types, over search-engine.js. Enter and the
 * button submit the form to the language's results page (search-page.js), unless the reader chose a
 * suggestion with the arrow keys: then Enter opens it. */
(() => {
  "use strict";

  const MISS_DELAY_MS = 1500;
  const SHOWN = 10; // suggestions in the panel; the results page shows them all
  const { Index, search, highlight, excerpt } = window.helpcentre.searchEngine;

  /* Opt-in (feedback.search_misses): a query that found nothing ("none") or nothing close ("weak") is
   * posted once, from a search box or the results page: the reader who types it and then presses
   * Enter is one miss, not two. Query text, language and kind only. */
  const MISSES_KEY = "helpcentre.misses";
  const MISSES_KEPT = 50;
  function reportMiss(endpoint, lang, query, kind) {
    if (!endpoint || query.length < 2) return;
    let sent = [];
    try { sent = JSON.parse(sessionStorage.getItem(MISSES_KEY)) || []; } catch { /* storage off: per page */ }
    const key = `${lang}\n${query}`;
    if (sent.includes(key) || reportMiss.sent.has(key)) return;
    reportMiss.sent.add(key);
    try { sessionStorage.setItem(MISSES_KEY, JSON.stringify([...sent, key].slice(-MISSES_KEPT))); } catch { /* full */ }
    fetch(endpoint, { method: "POST", headers: { "Content-Type": "application/json" }, keepalive: true,
      body: JSON.stringify({ lang, query: query.slice(0, 200), kind }) }).catch(() => {});
  }
  reportMiss.sent = new Set(); // this page's, when sessionStorage is not available
  window.helpcentre.reportMiss = reportMiss;

  class SearchBox {
    constructor(root) {
      this.root = root;
      this.input = root.querySelector("input[name=q]");
      this.panel = root.querySelector(".hc-search__panel");
      this.list = root.querySelector("[data-search-results]");
      this.status = root.querySelector(".hc-search__status");
      this.index = new Index(new URL(root.dataset.index, document.baseURI).href);
      this.siteRoot = new URL(root.dataset.root.replace(/\/?$/, "/"), document.baseURI).href;
      this.plural = new Intl.PluralRules(root.dataset.lang);
      this.counts = JSON.parse(root.dataset.textCount);
      this.active = -1;
      this.serial = 0;
      this.input.addEventListener("input", () => this.run());
      this.input.addEventListener("keydown", (e) => this.key(e));
      // Without a chosen suggestion the form goes to the results page, as it does without JavaScript.
      this.root.querySelector("form").addEventListener("submit", (e) => {
        const links = this.links();
        if (this.active >= 0 && links[this.active]) {
          e.preventDefault();
          window.location.href = links[this.active].href;
        } else if (!this.input.value.trim()) {
          e.preventDefault();
        }
      });
      document.addEventListener("click", (e) => { if (!root.contains(e.target)) this.close(); });
    }

    links() { return [...this.list.querySelectorAll("a[href]")]; }

    async run() {
      const query = this.input.value;
      const serial = (this.serial += 1);
      if (!query.trim()) { this.close(); return; }
      const { state, results, words } = await search(this.index, query);
      if (serial !== this.serial) return; // a newer keystroke won
      this.render(query, state, results.slice(0, SHOWN), words); // the ones with display data
    }

    render(query, state, results, words) {
      this.list.replaceChildren();
      this.list.dataset.searchState = state;
      this.active = -1;
      this.input.removeAttribute("aria-activedescendant");
      results.forEach((r, i) => {
        const li = document.createElement("li");
        li.id = `${this.list.id}-${i}`;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = "hc-search__result";
        const a = document.createElement("a");
        a.href = new URL(r.url, this.siteRoot).href;
        a.tabIndex = -1;
        const title = document.createElement("span");
        title.className = "hc-search__title";
        title.append(highlight(r.title, words));
        const badge = document.createElement("span");
        badge.className = "hc-badge";
        badge.textContent = this.root.dataset[`type${r.type[0].toUpperCase()}${r.type.slice(1)}`] || r.type;
        a.append(title, " ", badge);
        if (r.heading && r.isSection) {
          const section = document.createElement("span");
          section.className = "hc-search__section";
          section.append(highlight(r.heading, words));
          a.append(section);
        }
        const text = document.createElement("span");
        text.className = "hc-search__excerpt";
        text.append(highlight(excerpt(r.excerpt, words), words));
        a.append(text);
        li.append(a);
        this.list.append(li);
      });
      const data = this.root.dataset;
      if (state === "results") {
        const form = this.plural.select(results.length);
        this.status.textContent = (this.counts[form] || this.counts.other).replace("{n}", results.length);
      } else {
        const text = state === "weak" ? data.textWeak : `${data.textNone} ${data.textTips}`;
        this.status.replaceChildren(text.replace("{query}", query.trim()));
        if (data.contactUrl) {
          const contact = document.createElement("a");
          contact.href = data.contactUrl;
          contact.textContent = data.textContact;
          this.status.append(" ", contact);
        }
        this.reportMiss(query.trim(), state);
      }
      this.panel.hidden = false;
      this.input.setAttribute("aria-expanded", results.length ? "true" : "false");
      this.root.dataset.query = query; // tests wait for this: the results shown answer `query`
    }

    /* Posted once the reader stops typing for a moment, so half-typed words are not reported. */
    reportMiss(query, kind) {
      clearTimeout(this.missTimer);
      this.missTimer = setTimeout(() => {
        if (this.input.value.trim() !== query) return;
        reportMiss(this.root.dataset.missEndpoint, this.root.dataset.lang, query, kind);
      }, MISS_DELAY_MS);
    }

    key(event) {
      const options = [...this.list.querySelectorAll("[role=option]")];
      if (event.key === "Escape") { this.close(); return; }
      if (!options.length || !["ArrowDown", "ArrowUp"].includes(event.key)) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      this.active = (this.active + step + options.length) % options.length;
      options.forEach((o, i) => o.setAttribute("aria-selected", i === this.active ? "true" : "false"));
      this.input.setAttribute("aria-activedescendant", options[this.active].id);
      options[this.active].scrollIntoView({ block: "nearest" });
    }

    close() {
      this.panel.hidden = true;
      this.input.setAttribute("aria-expanded", "false");
      this.input.removeAttribute("aria-activedescendant");
    }
  }

  function start() {
    const boxes = [...document.querySelectorAll("[data-hc-search]")].map((root) => new SearchBox(root));
    // For tools and benchmarks: the ranked results of a query, without the UI.
    if (boxes.length) window.helpcentreSearch = (query) => search(boxes[0].index, query);
    // An old link to the home page with ?q= (the results page reads its own query: search-page.js).
    const query = new URLSearchParams(window.location.search).get("q");
    const target = boxes.find((b) => !b.root.classList.contains("hc-search--header")) || boxes[0];
    if (query && target && !document.querySelector("[data-search-page]")) {
      target.input.value = query;
      target.input.focus();
      target.run();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
