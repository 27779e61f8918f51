/* helpcentre: "Was this helpful?" — one vote per page per browser (localStorage, no cookies),
 * posted to the team's own receiver (`helpcentre feedback serve`); no third-party requests. */
(() => {
  const STORE = "helpcentre.voted.";

  const voted = (key) => { try { return localStorage.getItem(STORE + key) !== null; } catch { return false; } };
  const remember = (key) => { try { localStorage.setItem(STORE + key, new Date().toISOString()); } catch { /* private mode */ } };

  function enhance(root) {
    const { endpoint, page, lang } = root.dataset;
    const key = `${lang}:${page}`;
    const choices = root.querySelector("[data-hc-feedback-choices]");
    const why = root.querySelector("[data-hc-feedback-why]");
    const status = root.querySelector("[data-hc-feedback-status]");
    root.hidden = false;
    if (voted(key)) {
      choices.hidden = true;
      status.textContent = root.dataset.textAlready;
      return;
    }

    async function send(vote) {
      status.textContent = root.dataset.textSending;
      root.querySelectorAll("button").forEach((b) => { b.disabled = true; });
      try {
        const response = await fetch(endpoint, { method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ page, lang, ...vote }) });
        if (!response.ok) throw new Error(String(response.status));
        remember(key);
        choices.hidden = true;
        why.hidden = true;
        status.textContent = root.dataset.textThanks;
      } catch {
        status.textContent = root.dataset.textFailed;  // nothing is lost: the reader can send again
        root.querySelectorAll("button").forEach((b) => { b.disabled = false; });
      }
    }

    root.querySelector("[data-hc-vote=yes]").addEventListener("click", () => send({ helpful: true }));
    root.querySelector("[data-hc-vote=no]").addEventListener("click", () => {
      choices.hidden = true;
      why.hidden = false;
      why.querySelector("legend").focus();
    });
    why.addEventListener("submit", (event) => {
      event.preventDefault();
      const reason = why.querySelector("input[name=reason]:checked");
      const comment = why.querySelector("textarea").value.trim().slice(0, 1000);
      send({ helpful: false, reason: reason ? reason.value : null, comment: comment || null });
    });
  }

  const start = () => document.querySelectorAll("[data-hc-feedback]").forEach(enhance);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
