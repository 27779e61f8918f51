/* helpcentre search engine: per-language search over the static index written at build time.
 * It mirrors helpcentre/core/search/vocabulary.py (query words → index terms) and index.py
 * (BM25F × coordination bonus, grouped by page), so the browser ranks as `helpcentre search` does.
 * search.js (the search boxes) and search-page.js (the results page) use it through
 * window.helpcentre.searchEngine. No framework, no third-party requests. */
(() => {
  "use strict";

  const FORMAT_VERSION = 5; // of the static index, core/search/export.py
  const { fold, words: wordsOf, WORD } = window.helpcentre; // fold.js: the same as the index's Python fold
  const hex = (text) => Array.from(new TextEncoder().encode(text)).map((b) => b.toString(16).padStart(2, "0")).join("");
  // A key lives in the shard named by the longest listed prefix of it (see core/search/shards.py).
  const shardOf = (key, prefixes) => {
    const letters = Array.from(key);
    for (let end = letters.length; end > 0; end -= 1) {
      const prefix = letters.slice(0, end).join("");
      if (prefixes.has(prefix)) return prefix;
    }
    return null;
  };

  class Index {
    constructor(base) {
      this.base = base.endsWith("/") ? base : `${base}/`;
      this.files = new Map();
    }
    // meta.json is revalidated on each page load (a 304 while unchanged) and names the folder of its
    // build's files (see core/search/export.py). A 404 there means the site was deployed again since
    // this page loaded: `stale` tells search() to start over from the new meta.json, as does a query
    // that finds nothing while meta.json names a newer build.
    meta() {
      if (!this.metaFile) {
        this.metaFile = this.fetchMeta(this.metaCache).then((meta) => {
          if (meta.version !== FORMAT_VERSION) return {}; // a stale page or index: search finds nothing
          return Object.assign(meta, { wordSet: new Set(meta.wordShards), termSet: new Set(meta.termShards) });
        });
      }
      return this.metaFile;
    }
    // To look for a newer build, and once one is found, meta.json is fetched anew ("reload") rather than
    // revalidated: a server's Last-Modified moves in one-second steps, and two builds can be quicker.
    fetchMeta(cache = "no-cache") {
      return fetch(`${this.base}meta.json`, { cache }).then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
    }
    // Asked when a query finds nothing: its words may be new in a build deployed since this page loaded.
    async outdated() {
      const [fresh, current] = await Promise.all([this.fetchMeta("reload"), this.meta()]);
      return fresh.build !== undefined && fresh.build !== current.build;
    }
    async load(path) {
      const { build } = await this.meta();
      if (!this.files.has(path)) {
        this.files.set(path, fetch(`${this.base}${build}/${path}`).then((r) => {
          if (r.status === 404) this.stale = true;
          return r.ok ? r.json() : {};
        }).catch(() => ({})));
      }
      return this.files.get(path);
    }
    reset() {
      this.metaCache = "reload";
      this.metaFile = null;
      this.files = new Map();
      this.stale = false;
    }
    async words(word) {
      const shard = shardOf(word, (await this.meta()).wordSet);
      return shard === null ? {} : this.load(`words/${hex(shard)}.json`);
    }
    async postings(term) {
      const shard = shardOf(term, (await this.meta()).termSet);
      return (shard === null ? undefined : (await this.load(`terms/${hex(shard)}.json`))[term]) || [];
    }
    // A word's term nearly always starts like the word ("asiakaspalvelussa" → "asiakaspalvelu"): asking
    // for the term file its letters name together with its word file saves a round of requests.
    prefetchTerms(meta, word) {
      const shard = shardOf(word, meta.termSet);
      if (shard !== null) this.load(`terms/${hex(shard)}.json`);
    }
    docs(n) { return this.load(`docs/${n}.json`); }
  }

  function oneEdit(a, b) {
    if (a === b) return true;
    if (a.length === b.length) {
      const diffs = [];
      for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) diffs.push(i);
      if (diffs.length === 1) return true;
      return diffs.length === 2 && diffs[1] === diffs[0] + 1 && a[diffs[0]] === b[diffs[1]] && a[diffs[1]] === b[diffs[0]];
    }
    const [s, l] = a.length < b.length ? [a, b] : [b, a];
    if (l.length - s.length !== 1) return false;
    let i = 0;
    while (i < s.length && s[i] === l[i]) i += 1;
    return s.slice(i) === l.slice(i + 1);
  }

  const sortedForms = new WeakMap(); // shard's word map → its forms in order, sorted once
  const termsOf = (value) => [].concat(value); // a form has one term, or one per analysis (vocabulary.py)

  // → { terms, match, kept }: the same steps and match kinds as vocabulary.py's _expand_word.
  async function expandWord(index, meta, folded, isLast) {
    const x = meta.expansion;
    const shard = await index.words(folded);
    if (!sortedForms.has(shard)) sortedForms.set(shard, Object.keys(shard).sort());
    const forms = sortedForms.get(shard);
    const add = (terms, form) => termsOf(shard[form]).forEach((t) => { if (!terms.includes(t)) terms.push(t); });
    const prefixed = (prefix) => {
      const terms = [];
      for (const form of forms) {
        if (terms.length >= x.maxExpansions) break;
        if (form.startsWith(prefix)) add(terms, form);
      }
      return terms.slice(0, x.maxExpansions);
    };
    const found = (terms, match, kept = 1) => ({ terms, match, kept });
    if (Object.hasOwn(shard, folded)) return found(termsOf(shard[folded]), "exact");
    let terms;
    if (isLast && folded.length >= x.minPrefix && (terms = prefixed(folded)).length) return found(terms, "prefix");
    if (folded.length >= x.minTypoLength) {
      terms = [];
      for (const form of forms) {
        if (form.startsWith(folded.slice(0, 2)) && Math.abs(form.length - folded.length) <= 1
            && oneEdit(folded, form)) add(terms, form);
      }
      if (terms.length) return found(terms.slice(0, x.maxExpansions), "typo");
    }
    for (let end = folded.length - 1; end >= x.minBacktrack; end -= 1) {
      if ((terms = prefixed(folded.slice(0, end))).length) return found(terms, "backtrack", end / folded.length);
    }
    return found([], "none", 0);
  }

  // Whether the best result is a confident answer: core/search/confidence.py, step for step.
  function judge(words, documents, rules) {
    if (!words.some((w) => w.documents)) return "none";
    let covered = 0;
    let total = 0;
    for (const w of words) {
      const isFound = w.match === "backtrack" ? w.kept >= rules.minKept : w.match !== "none";
      const weight = Math.log(documents / ((isFound ? w.documents : 0) + 1)) + 1;
      total += weight;
      if (isFound && w.covered) covered += weight;
    }
    return total && covered / total >= rules.minCoverage ? "results" : "weak";
  }

  async function search(index, query) {
    const found = await rank(index, query);
    if (!index.stale && (found.results.length || !(await index.outdated()))) return found;
    index.reset(); // a newer build replaced the one this page started with
    return rank(index, query);
  }

  // Each posting list starts with how many entries hold the term, then [doc delta, section, score, …]:
  // the term's BM25F score for a document, summed over fields (see export.py).
  async function rank(index, query) {
    const meta = await index.meta();
    if (!meta.documents) return { state: "none", results: [], words: [] };
    const stop = new Set(meta.stopwords);
    const fallbackStop = new Set(meta.fallbackStopwords);
    const raw = wordsOf(query);
    const typing = !/\s$/.test(query);
    const asked = raw.map((word, i) => ({ folded: fold(word), last: typing && i === raw.length - 1 }))
      .filter((word) => !stop.has(word.folded));
    // Every word at once: a query waits for one round of fetches per step, not one per word.
    asked.forEach((word) => index.prefetchTerms(meta, word.folded));
    const expanded = await Promise.all(asked.map((word) => expandWord(index, meta, word.folded, word.last)));
    // A stop word of the fallback pages' language, unless the corpus has it as a word (vocabulary.py).
    const meaningful = asked.map((word, i) => ({ folded: word.folded, ...expanded[i] }))
      .filter((w) => !(fallbackStop.has(w.folded) && w.match !== "exact"));
    const words = meaningful.filter((w) => w.terms.length);
    if (!words.length) return { state: "none", results: [], words };
    const scores = new Map();
    const matched = new Map();
    const pageOf = new Map();
    const listsOf = await Promise.all(words.map((word) => Promise.all(word.terms.map((t) => index.postings(t)))));
    for (let w = 0; w < words.length; w += 1) {
      words[w].documents = Math.min(meta.documents, listsOf[w].reduce((sum, flat) => sum + (flat[0] || 0), 0));
      for (const flat of listsOf[w]) {
        let doc = 0;
        for (let i = 1; i < flat.length; i += 3) {
          doc += flat[i];
          scores.set(doc, (scores.get(doc) || 0) + flat[i + 2]);
          if (!matched.has(doc)) matched.set(doc, new Set());
          matched.get(doc).add(w);
          pageOf.set(doc, doc - flat[i + 1]);
        }
      }
    }
    // Equal scores rank by entry number, which follows page URLs (see index.py's build), as in the CLI.
    const before = (a, b) => a.score > b.score || (a.score === b.score && a.doc < b.doc);
    const best = new Map();
    for (const [doc, score] of scores) {
      const final = (score / meta.scoreScale) * (1 + meta.coordinationBonus * (matched.get(doc).size / words.length));
      const result = { doc, page: pageOf.get(doc), score: final };
      if (!best.has(result.page) || before(result, best.get(result.page))) best.set(result.page, result);
    }
    const results = [...best.values()].sort((a, b) => (before(a, b) ? -1 : 1));
    const top = matched.get(results[0].doc);
    const evidence = meaningful.map((w) => ({ ...w, documents: w.documents || 0, covered: top.has(words.indexOf(w)) }));
    // Display data for the ten best only: one request per result file, however many results tie.
    await display(index, results.slice(0, 10));
    return { state: judge(evidence, meta.documents, meta.confidence), results, words };
  }

  // Loads the display data of the given results (url, title, heading, type, excerpt, lang, category).
  async function display(index, results) {
    const meta = await index.meta();
    const per = meta.docsPerFile;
    const chunks = await Promise.all([...new Set(results.map((r) => Math.floor(r.doc / per)))].map(
      async (n) => [n, await index.docs(n)]));
    const data = new Map(chunks);
    for (const r of results) {
      const shown = (data.get(Math.floor(r.doc / per)) || [])[r.doc % per] || {};
      Object.assign(r, { lang: meta.lang, category: null }, shown, { isSection: r.doc !== r.page });
    }
    return results;
  }

  // Sets `type` and `category` ({title, url} or null) on every result, from the build's facets file:
  // runs of [first document, …] over document order (export.py).
  async function facets(index, results) {
    const runs = await index.load("facets.json");
    const at = (list, doc) => {
      let lo = 0;
      let hi = (list || []).length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (list[mid][0] <= doc) lo = mid; else hi = mid - 1;
      }
      return list && list.length ? list[lo] : null;
    };
    for (const r of results) {
      const category = at(runs.categories, r.doc);
      const type = at(runs.types, r.doc);
      r.category = category && category[1] ? { title: category[1], url: category[2] } : null;
      if (type) r.type = type[1];
    }
    return results;
  }

  function highlight(text, words) {
    const fragment = document.createDocumentFragment();
    let last = 0;
    for (const m of text.matchAll(WORD)) {
      const f = fold(m[0]);
      if (words.some((w) => f.startsWith(w.folded.slice(0, Math.max(3, w.folded.length - 2))))) {
        fragment.append(text.slice(last, m.index));
        const mark = document.createElement("mark");
        mark.textContent = m[0];
        fragment.append(mark);
        last = m.index + m[0].length;
      }
    }
    fragment.append(text.slice(last));
    return fragment;
  }

  function excerpt(text, words, length = 180) {
    const folded = fold(text);
    const at = Math.min(...words.map((w) => folded.indexOf(w.folded.slice(0, 4))).filter((i) => i >= 0), Infinity);
    const start = at === Infinity || at < 60 ? 0 : text.lastIndexOf(" ", at - 40) + 1;
    return (start ? "… " : "") + text.slice(start, start + length) + (text.length > start + length ? " …" : "");
  }

  window.helpcentre.searchEngine = { Index, search, display, facets, highlight, excerpt };
})();
