/* helpcentre: how the browser folds text and finds words, shared by search.js, faq.js and templates.js.
 * It must give what core/search/analysis.py gives (fold, WORD): the index holds Python-folded words,
 * and tests/browser/test_fold.py runs both over tricky characters.
 *
 * Fold: compatibility-decompose (ﬁ → fi, full-width Ａ → A), lowercase, spell out the few letters that
 * lowercase leaves apart from their case-folded form (JavaScript has no casefold: ß → ss, final
 * ς → σ) and the typographic apostrophe, decompose again and drop every combining mark (š → s).
 * Loaded before the scripts that use it (theme.py lists it first). */
(() => {
  "use strict";

  const SPELLED_OUT = { "ß": "ss", "ς": "σ", "’": "'" };
  const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
  const fold = (text) => text.normalize("NFKD").toLowerCase().replace(/[ßς’]/g, (c) => SPELLED_OUT[c])
    .normalize("NFKD").replace(/\p{M}/gu, "");
  const words = (text) => text.match(WORD) || [];

  window.helpcentre = Object.assign(window.helpcentre || {}, { fold, words, WORD });
})();
