/* helpcentre results page (templates/helpcentre/search-page.html): every result of the query in the
 * URL (?q=), with counts and filters by category and type, more results on demand, and the query and
 * filters in the history, so back and forward work and the URL can be shared. Only this page loads
 * it, after search-engine.js and search.js. It asks for nothing but the index's files. */
// Loaded (deferred) from the page content, before search-engine.js and search.js, which are deferred too: start once
// every deferred script has run.
document.addEventListener("DOMContentLoaded", () => {
  "use strict";

  const PAGE = 10; // results shown at first, and added by "Show more results"
  const NO_CATEGORY = "-"; // the category filter's value for top-level pages: no category URL is "-"
  const root = document.querySelector("[data-search-page]");
  if (!root) return;

  const E = window.helpcentre.searchEngine;
  const data = root.dataset;
  const index = new E.Index(new URL(data.index, document.baseURI).href);
  const siteRoot = new URL(data.root.replace(/\/?$/, "/"), document.baseURI).href;
  const plural = new Intl.PluralRules(data.lang);
  const counts = JSON.parse(data.textCount);
  const form = root.querySelector("form");
  const input = form.querySelector("input[name=q]");
  const status = root.querySelector("[data-search-count]");
  const notice = root.querySelector("[data-search-notice]");
  const filters = root.querySelector("[data-search-filters]");
  const selects = {
    category: root.querySelector("[data-filter=category]"),
    type: root.querySelector("[data-filter=type]"),
  };
  const list = root.querySelector("[data-search-results]");
  const moreButton = root.querySelector("[data-search-more]");
  const languageLinks = [...document.querySelectorAll("a[data-hc-lang]")].map((a) => [a, a.href]);
  const baseTitle = document.title;

  let found = null; // { query, state, words, results } of the query on show: every result, ranked
  let shown = []; // those that pass the filters
  let serial = 0; // a newer query or filter wins over a slower older one

  const countText = (n) => (counts[plural.select(n)] || counts.other).replace("{n}", n.toLocaleString(data.lang));
  const typeName = (type) => data[`type${type[0].toUpperCase()}${type.slice(1)}`] || type;
  const categoryOf = (r) => (r.category ? r.category.url : NO_CATEGORY);
  const passes = (r, state, except) => (except === "category" || !state.category || categoryOf(r) === state.category)
    && (except === "type" || !state.type || r.type === state.type);

  function fromLocation() {
    const params = new URLSearchParams(window.location.search);
    return { q: (params.get("q") || "").trim(), category: params.get("category") || "", type: params.get("type") || "" };
  }

  function go(state) {
    const params = new URLSearchParams(Object.entries(state).filter(([, value]) => value));
    const address = `${window.location.pathname}?${params}`;
    // A new query or filter is a new history entry; the same one again (Enter twice) is not.
    if (address !== window.location.pathname + window.location.search) window.history.pushState(null, "", address);
    show(state);
  }

  async function show(state) {
    const mine = (serial += 1);
    input.value = state.q;
    document.title = state.q ? `${state.q} – ${baseTitle}` : baseTitle;
    languageLinks.forEach(([a, href]) => { a.href = state.q ? `${href}?q=${encodeURIComponent(state.q)}` : href; });
    if (!state.q) {
      found = null;
      render(state, []);
      status.textContent = data.textPrompt;
      root.dataset.query = "";
      return;
    }
    if (!found || found.query !== state.q) {
      const result = await E.search(index, state.q);
      await E.facets(index, result.results);
      if (mine !== serial) return;
      found = { query: state.q, ...result };
      if (found.state !== "results") {
        window.helpcentre.reportMiss?.(data.missEndpoint, data.lang, state.q, found.state);
      }
    }
    render(state, found.results.filter((r) => passes(r, state)));
    await more(mine, false);
    if (mine !== serial) return;
    announce(state);
    root.dataset.query = state.q; // tests wait for this: what is shown answers the query
  }

  function render(state, results) {
    shown = results;
    list.replaceChildren();
    list.dataset.searchState = found ? found.state : "";
    moreButton.hidden = true;
    filters.hidden = !found || found.state === "none";
    notice.hidden = true;
    if (!filters.hidden) {
      fill(selects.category, "category", state, data.textAllCategories,
        (r) => [categoryOf(r), r.category ? r.category.title : data.textNoCategory]);
      fill(selects.type, "type", state, data.textAllTypes, (r) => [r.type, typeName(r.type)]);
    }
  }

  /* A filter's options, each with its count among the results that pass the other filter. */
  function fill(select, name, state, allText, keyOf) {
    const counted = new Map();
    const candidates = found.results.filter((r) => passes(r, state, name));
    for (const r of candidates) {
      const [key, label] = keyOf(r);
      if (!counted.has(key)) counted.set(key, { label, n: 0 });
      counted.get(key).n += 1;
    }
    if (state[name] && !counted.has(state[name])) counted.set(state[name], { label: state[name], n: 0 });
    const option = (value, label, n) => new Option(`${label} (${n.toLocaleString(data.lang)})`, value);
    select.replaceChildren(option("", allText, candidates.length),
      ...[...counted].sort(([, a], [, b]) => b.n - a.n || a.label.localeCompare(b.label, data.lang))
        .map(([key, { label, n }]) => option(key, label, n)));
    select.value = state[name];
  }

  function announce(state) {
    const query = state.q;
    const count = countText(shown.length);
    if (found.state === "none") status.textContent = `${data.textNone.replace("{query}", query)} ${data.textTips}`;
    else if (found.state === "weak") status.textContent = `${data.textWeak.replace("{query}", query)} ${count}`;
    else status.textContent = count;
    if (found.state !== "results" && data.contactUrl) {
      const contact = document.createElement("a");
      contact.href = data.contactUrl;
      contact.textContent = data.textContact;
      notice.replaceChildren(contact);
      notice.hidden = false;
    }
  }

  async function more(mine, focus) {
    const start = list.children.length;
    const slice = shown.slice(start, start + PAGE);
    moreButton.disabled = true;
    await E.display(index, slice);
    if (mine !== serial) return;
    list.append(...slice.map(item));
    moreButton.disabled = false;
    moreButton.hidden = list.children.length >= shown.length;
    if (focus && slice.length) list.children[start].querySelector("a").focus();
  }

  function item(r) {
    const english = r.lang && r.lang !== data.lang ? r.lang : "";
    const li = document.createElement("li");
    li.className = "hc-results__item";
    const heading = document.createElement("h2");
    heading.className = "hc-results__heading";
    const link = document.createElement("a");
    link.href = new URL(r.url, siteRoot).href;
    link.append(E.highlight(r.title, found.words));
    if (english) link.lang = english;
    heading.append(link);
    const meta = document.createElement("p");
    meta.className = "hc-results__meta";
    const crumbs = document.createElement("span");
    crumbs.className = "hc-results__crumbs";
    crumbs.append(anchor(data.home, data.homeTitle));
    if (r.category) crumbs.append(" › ", anchor(new URL(r.category.url, siteRoot).href, r.category.title));
    meta.append(crumbs, " ", badge(typeName(r.type)));
    if (english) meta.append(" ", badge(data.textEnglish, "hc-badge--fallback"));
    li.append(heading, meta);
    if (r.heading && r.isSection) {
      const section = document.createElement("p");
      section.className = "hc-results__section";
      section.append(E.highlight(r.heading, found.words));
      li.append(section);
    }
    const text = document.createElement("p");
    text.className = "hc-results__excerpt";
    text.append(E.highlight(E.excerpt(r.excerpt, found.words), found.words));
    if (english) text.lang = english;
    li.append(text);
    return li;
  }

  function anchor(href, label) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = label;
    return a;
  }

  function badge(label, modifier = "") {
    const span = document.createElement("span");
    span.className = `hc-badge ${modifier}`.trim();
    span.textContent = label;
    return span;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = input.value.trim();
    if (q) go({ q, category: "", type: "" });
  });
  Object.values(selects).forEach((select) => select.addEventListener("change", () => {
    go({ q: found.query, category: selects.category.value, type: selects.type.value });
  }));
  moreButton.addEventListener("click", () => more(serial, true));
  window.addEventListener("popstate", () => show(fromLocation()));
  show(fromLocation());
});
