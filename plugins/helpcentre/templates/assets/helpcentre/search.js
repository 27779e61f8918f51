/* helpcentre search boxes: instant results as the reader types, over search-engine.js. */
(() => {
  "use strict";

  const MISS_DELAY_MS = 1500;
  const sentMisses = new Set();
  const { Index, search, highlight, excerpt } = window.helpcentre.searchEngine;

  class SearchBox {
    constructor(root) {
      this.root = root;
      this.input = root.querySelector("input[type=search]");
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
      this.root.querySelector("form").addEventListener("submit", (e) => {
        e.preventDefault();
        const links = this.links();
        if (links.length) window.location.href = links[Math.max(this.active, 0)].href;
        else this.run();
      });
      document.addEventListener("click", (e) => { if (!root.contains(e.target)) this.close(); });
    }

    links() { return [...this.list.querySelectorAll("a[href]")]; }

    async run() {
      const query = this.input.value;
      const serial = (this.serial += 1);
      if (!query.trim()) { this.close(); return; }
      const { results, words } = await search(this.index, query);
      const shown = results.slice(0, 10); // the ones with display data; the results page shows the rest
      if (serial !== this.serial) return; // a newer keystroke won
      this.render(query, shown, words);
    }

    render(query, results, words) {
      this.list.replaceChildren();
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
      if (results.length) {
        const form = this.plural.select(results.length);
        this.status.textContent = (this.counts[form] || this.counts.other).replace("{n}", results.length);
      } else {
        this.status.replaceChildren(this.root.dataset.textNone.replace("{query}", query.trim()), " ",
          this.root.dataset.textTips);
        if (this.root.dataset.contactUrl) {
          const contact = document.createElement("a");
          contact.href = this.root.dataset.contactUrl;
          contact.textContent = this.root.dataset.textContact;
          this.status.append(" ", contact);
        }
        this.reportMiss(query.trim());
      }
      this.panel.hidden = false;
      this.input.setAttribute("aria-expanded", results.length ? "true" : "false");
      this.root.dataset.query = query; // tests wait for this: the results shown answer `query`
    }

    /* Opt-in (feedback.search_misses): a query that found nothing is posted once the reader stops
     * typing for a moment, so half-typed words are not reported. Query text and language only. */
    reportMiss(query) {
      const endpoint = this.root.dataset.missEndpoint;
      if (!endpoint || query.length < 2) return;
      clearTimeout(this.missTimer);
      this.missTimer = setTimeout(() => {
        if (this.input.value.trim() !== query || sentMisses.has(query)) return;
        sentMisses.add(query);
        fetch(endpoint, { method: "POST", headers: { "Content-Type": "application/json" }, keepalive: true,
          body: JSON.stringify({ lang: this.root.dataset.lang, query: query.slice(0, 200) }) }).catch(() => {});
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
    const query = new URLSearchParams(window.location.search).get("q");
    const target = boxes.find((b) => !b.root.classList.contains("hc-search--header")) || boxes[0];
    if (query && target) {
      target.input.value = query;
      target.input.focus();
      target.run();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
