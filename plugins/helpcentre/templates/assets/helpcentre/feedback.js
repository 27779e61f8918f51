/* helpcentre: "Was this helpful?" — posted to the team's own receiver (`helpcentre feedback serve`); no
 * cookies, no third-party requests. Votes are never dropped: a click on Yes or No is sent at once under a
 * vote id made here (crypto.randomUUID) and kept in localStorage per page; the reason and comment update
 * that vote when sent, or on page hide with sendBeacon if the reader leaves first; the reader can change
 * the answer later (same id, same row). Each message carries the whole answer and a revision number, so
 * the receiver keeps the newest whichever arrives last. */
(() => {
  const STORE = "helpcentre.vote.";  // + "<lang>:<page>" → {id, revision, sent, helpful, reason, comment}
  const LEGACY = "helpcentre.voted.";  // widgets before vote ids: a date, no id to update

  const load = (key) => { try { return JSON.parse(localStorage.getItem(STORE + key)); } catch { return null; } };
  const save = (key, vote) => { try { localStorage.setItem(STORE + key, JSON.stringify(vote)); } catch { /* private mode */ } };
  const legacy = (key) => { try { return localStorage.getItem(LEGACY + key) !== null; } catch { return false; } };
  // crypto.randomUUID exists in secure contexts only (HTTPS, localhost); getRandomValues everywhere.
  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;  // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80;  // RFC 9562 variant
    const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function enhance(root) {
    const { endpoint, page, lang } = root.dataset;
    const key = `${lang}:${page}`;
    const part = (name) => root.querySelector(`[data-hc-feedback-${name}]`);
    const choices = part("choices"), why = part("why"), status = part("status");
    const change = part("change"), contact = part("contact");
    const comment = why.querySelector("textarea");
    let vote = load(key);
    root.hidden = false;

    const show = (name) => {  // "choices", "why" (after No) or "done"
      choices.hidden = name !== "choices";
      why.hidden = name !== "why";
      change.hidden = name === "choices";
      if (contact) contact.hidden = !vote || vote.helpful !== false || name === "choices";
    };

    const message = () => ({ id: vote.id, revision: vote.revision, page, lang, helpful: vote.helpful,
      reason: vote.helpful ? null : vote.reason, comment: vote.helpful ? null : vote.comment });

    // The whole answer as it stands, under the next revision; remembered before it is sent.
    function update(fields) {
      vote = { ...vote, ...fields, revision: vote.revision + 1 };
      save(key, vote);
    }

    async function send(thanks) {
      const revision = vote.revision;
      status.textContent = root.dataset.textSending;
      try {
        const response = await fetch(endpoint, { method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify(message()) });
        if (!response.ok) throw new Error(String(response.status));
        vote.sent = Math.max(vote.sent || 0, revision);
        save(key, vote);
        status.textContent = thanks;
      } catch {
        status.textContent = root.dataset.textFailed;  // kept: sent on page hide or on the next visit
      }
    }

    // On page hide the reader may be gone for good: whatever is not sent yet goes as a beacon (text/plain,
    // which needs no CORS preflight; see the handbook's receiver page). The reason and comment being typed
    // count too.
    function flush() {
      if (!vote) return;
      if (!why.hidden) draft();
      if ((vote.sent || 0) >= vote.revision) return;
      if (navigator.sendBeacon && navigator.sendBeacon(endpoint, JSON.stringify(message()))) {
        vote.sent = vote.revision;
        save(key, vote);
      }
    }

    function draft() {  // the reason and comment in the form, if they differ from the stored answer
      const checked = why.querySelector("input[name=reason]:checked");
      const reason = checked ? checked.value : null;
      const text = comment.value.trim().slice(0, 1000) || null;
      if (reason !== vote.reason || text !== vote.comment) update({ reason, comment: text });
    }

    function answer(helpful) {
      const kept = vote && vote.helpful === false && !helpful ? vote : { reason: null, comment: null };
      if (!vote) vote = { id: newId(), revision: 0 };
      update({ helpful, reason: kept.reason, comment: kept.comment });
      if (helpful) {
        show("done");
        change.focus();
      } else {
        why.querySelectorAll("input[name=reason]").forEach((input) => { input.checked = input.value === vote.reason; });
        comment.value = vote.comment || "";
        show("why");
        why.querySelector("legend").focus();
      }
      send(helpful ? root.dataset.textThanks : root.dataset.textSaved);
    }

    choices.querySelector("[data-hc-vote=yes]").addEventListener("click", () => answer(true));
    choices.querySelector("[data-hc-vote=no]").addEventListener("click", () => answer(false));
    why.addEventListener("submit", (event) => {
      event.preventDefault();
      draft();
      show("done");
      change.focus();
      if ((vote.sent || 0) < vote.revision) send(root.dataset.textThanks);
      else status.textContent = root.dataset.textThanks;
    });
    change.addEventListener("click", () => {
      status.textContent = "";
      show("choices");
      choices.querySelector(`[data-hc-vote=${vote.helpful ? "yes" : "no"}]`).focus();
    });
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") flush(); });

    if (vote && vote.id && Number.isInteger(vote.revision)) {
      show("done");
      status.textContent = root.dataset.textAlready;
      if ((vote.sent || 0) < vote.revision) send(root.dataset.textAlready);  // lost last time: send it now
    } else if (legacy(key)) {
      vote = null;
      choices.hidden = true;  // voted before vote ids: that vote cannot be updated, so no change either
      status.textContent = root.dataset.textAlready;
    } else {
      vote = null;
      show("choices");
    }
  }

  const start = () => document.querySelectorAll("[data-hc-feedback]").forEach(enhance);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
