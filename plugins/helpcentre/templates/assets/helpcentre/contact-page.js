/* helpcentre contact page (templates/helpcentre/contact-page.html). While the customer writes, the help
 * centre's own search suggests up to five articles: the same engine and the same confidence as the
 * search boxes, so only confident answers are shown. With a receiver (data-endpoint) the request goes to
 * POST /api/contact; without one, or when the receiver has no contact delivery (404), the page stays a
 * mailto: form and link. Deflection counts go to POST /api/contact-event, each at most once a visit:
 * "typing", "suggestion_opened", and "left_without_sending" when the page is left after a suggestion
 * was opened and nothing was sent (or tried to be). No cookies, no storage. Only this page loads it. */
// Loaded (deferred) from the page content, before search-engine.js, which are deferred too: start once
// every deferred script has run.
document.addEventListener("DOMContentLoaded", () => {
  "use strict";

  const MAX_SUGGESTIONS = 5;
  const QUIET_MS = 250; // suggestions wait for a pause in typing, not every keystroke
  const MAX_MAILTO_BODY = 1500; // characters of the message in a mailto: link: some mail apps cut long URLs
  const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/; // the shape only: the receiver checks the address itself
  const root = document.querySelector("[data-contact-page]");
  if (!root) return;

  const E = window.helpcentre.searchEngine;
  const data = root.dataset;
  const index = new E.Index(new URL(data.index, document.baseURI).href);
  const siteRoot = new URL(data.root.replace(/\/?$/, "/"), document.baseURI).href;
  const plural = new Intl.PluralRules(data.lang);
  const counts = JSON.parse(data.textCount);
  const form = root.querySelector("[data-contact-form]");
  const fields = {
    subject: form.querySelector("#hc-contact-subject"),
    message: form.querySelector("#hc-contact-message"),
    email: form.querySelector("#hc-contact-email"),
    topic: form.querySelector("#hc-contact-topic"), // none when the site has no categories
  };
  const trap = form.querySelector("#hc-contact-website");
  const sendButton = form.querySelector("[data-contact-send]");
  const box = root.querySelector("[data-contact-suggestions-box]");
  const list = root.querySelector("[data-contact-suggestions]");
  const announced = root.querySelector("[data-contact-suggestions-status]");
  const status = root.querySelector("[data-contact-status]");
  const mailto = root.querySelector("[data-contact-mailto]");
  const shownAt = performance.now();
  const context = pageContext();
  const opened = new Set(); // site-relative URLs of the suggestions the customer opened
  const reported = new Set(); // events already sent this visit
  let tried = false; // the customer sent, or tried to: whatever came of it, they were not deflected
  let sending = false;
  let serial = 0; // a newer suggestion search wins over a slower older one
  let timer = 0;

  /* ?page=: the article the customer came from (e.g. after voting No), site-relative as the receiver wants. */
  function pageContext() {
    const page = new URLSearchParams(window.location.search).get("page") || "";
    const safe = page.length <= 300 && /^[\p{L}\p{N}\-._~/%]*$/u.test(page) && !page.startsWith("/")
      && !page.includes("..");
    return safe ? page : "";
  }

  function report(event) {
    if (!data.events || reported.has(event)) return;
    reported.add(event);
    // A string is sent as text/plain: no preflight, so a beacon from a closing page still arrives.
    const body = JSON.stringify({ lang: data.lang, event, ...(context ? { page: context } : {}) });
    if (!(navigator.sendBeacon && navigator.sendBeacon(data.events, body))) {
      fetch(data.events, { method: "POST", body, keepalive: true }).catch(() => {});
    }
  }

  function queryText() {
    const words = `${fields.subject.value} ${fields.message.value}`.split(/\s+/).filter(Boolean);
    return words.slice(0, Number(data.maxWords)).join(" ");
  }

  async function suggest() {
    const mine = (serial += 1);
    const query = queryText();
    const found = query ? await E.search(index, query) : { state: "none", results: [] };
    if (mine !== serial) return;
    // Only confident answers: a weak match would send the customer away from writing for nothing.
    show(found.state === "results" ? found.results.slice(0, MAX_SUGGESTIONS) : []);
    root.dataset.suggestedFor = query; // tests wait for this: what is shown answers the text
  }

  function show(results) {
    const before = list.children.length;
    list.replaceChildren(...results.map(item));
    box.hidden = !results.length;
    if (results.length !== before) {
      const n = results.length;
      announced.textContent = n ? (counts[plural.select(n)] || counts.other).replace("{n}", n.toLocaleString(data.lang)) : "";
    }
  }

  function item(r) {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.href = new URL(r.url, siteRoot).href;
    link.target = "_blank"; // a new tab: what the customer wrote stays here
    link.rel = "noopener";
    link.textContent = r.heading && r.isSection ? `${r.title} › ${r.heading}` : r.title;
    if (r.lang && r.lang !== data.lang) link.lang = r.lang;
    const hint = document.createElement("span");
    hint.className = "hc-visually-hidden";
    hint.textContent = ` ${data.textNewTab}`;
    link.append(hint);
    const open = () => {
      opened.add(r.url.split("#")[0]); // the page, not the section: what the receiver knows
      report("suggestion_opened");
    };
    link.addEventListener("click", open);
    link.addEventListener("auxclick", open); // a middle click opens it too
    li.append(link);
    if (r.lang && r.lang !== data.lang) li.append(" ", badge(data.textEnglish));
    return li;
  }

  function badge(label) {
    const span = document.createElement("span");
    span.className = "hc-badge hc-badge--fallback";
    span.textContent = label;
    return span;
  }

  function mailtoHref() {
    const subject = fields.subject.value.trim() || data.defaultSubject;
    let body = fields.message.value.slice(0, MAX_MAILTO_BODY);
    if (context) body += `\n\n${new URL(context, siteRoot).href}`;
    return `mailto:${data.email}?subject=${encodeURIComponent(subject)}`
      + (body.trim() ? `&body=${encodeURIComponent(body)}` : "");
  }

  function problems(withReceiver) {
    const found = [];
    if (!fields.subject.value.trim()) found.push(["subject", data.textErrorSubject]);
    if (!fields.message.value.trim()) found.push(["message", data.textErrorMessage]);
    if (withReceiver && !EMAIL.test(fields.email.value.trim())) found.push(["email", data.textErrorEmail]);
    return found;
  }

  function showError(name, text) {
    const field = fields[name];
    const error = form.querySelector(`[data-error-for="${name}"]`);
    if (!field || !error) return false;
    error.textContent = text;
    error.hidden = false;
    field.setAttribute("aria-invalid", "true");
    return true;
  }

  function clearError(name) {
    const error = form.querySelector(`[data-error-for="${name}"]`);
    if (error) error.hidden = true;
    fields[name]?.removeAttribute("aria-invalid");
  }

  function validate(withReceiver) {
    Object.keys(fields).forEach(clearError);
    const found = problems(withReceiver);
    found.forEach(([name, text]) => showError(name, text));
    if (found.length) fields[found[0][0]].focus();
    return !found.length;
  }

  function say(text, { fallback = false, retry = false } = {}) {
    status.replaceChildren(text);
    if (fallback) {
      const link = document.createElement("a");
      link.href = mailtoHref();
      link.textContent = data.textMailtoLink;
      status.append(" ", link);
    }
    sendButton.textContent = retry ? data.textRetry : data.textSend;
  }

  async function send() {
    sending = true;
    tried = true;
    sendButton.disabled = true;
    say(data.textSending);
    // The receiver refuses a form sent quicker than a person writes one; wait out the rest instead.
    // A timer may fire a fraction of a millisecond early: wait again until the time has really passed.
    let wait;
    while ((wait = Number(data.minFillMs) - (performance.now() - shownAt)) > 0) {
      await new Promise((resolve) => { window.setTimeout(resolve, Math.ceil(wait)); });
    }
    const request = {
      lang: data.lang,
      subject: fields.subject.value.trim(),
      message: fields.message.value.trim(),
      email: fields.email.value.trim(),
      topic: fields.topic ? fields.topic.value || null : null,
      page: context || null,
      suggestions_opened: [...opened].slice(0, MAX_SUGGESTIONS),
      website: trap.value,
      elapsed_ms: Math.ceil(performance.now() - shownAt),
    };
    try {
      const response = await fetch(data.endpoint, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request),
      });
      const answer = await response.json().catch(() => ({}));
      answered(response.status, answer);
    } catch {
      say(data.textFailed, { fallback: true, retry: true }); // the text stays in the form
    } finally {
      sending = false;
      sendButton.disabled = false;
    }
  }

  function answered(code, answer) {
    if (code === 202) {
      form.hidden = true;
      root.querySelector("[data-contact-mailto-box]").hidden = true;
      say(data.textSent.replace("{id}", answer.id || "").replace("{email}", fields.email.value.trim()));
      root.dataset.requestId = answer.id || "";
      status.focus();
    } else if (code === 404) {
      say(data.textNoReceiver, { fallback: true });
    } else if (code === 429) {
      say(data.textRateLimited, { fallback: true, retry: true });
    } else if (code === 422 && answer.code === "invalid") {
      const name = answer.field === "body" ? "message" : answer.field;
      const text = data[`textError${String(name)[0].toUpperCase()}${String(name).slice(1)}`];
      if (text && showError(name, text)) {
        fields[name].focus();
        say(data.textInvalid, { retry: true });
      } else {
        say(data.textInvalid, { fallback: true, retry: true });
      }
    } else {
      say(data.textFailed, { fallback: true, retry: true });
    }
  }

  function typed(name) {
    clearError(name);
    report("typing");
    mailto.href = mailtoHref();
    window.clearTimeout(timer);
    timer = window.setTimeout(suggest, QUIET_MS);
  }

  if (context) {
    const about = form.querySelector("[data-contact-about]");
    const link = document.createElement("a");
    link.href = new URL(context, siteRoot).href;
    link.textContent = `/${context}`;
    about.append(`${data.textAbout} `, link);
    about.hidden = false;
  }
  if (data.endpoint) {
    form.querySelector("[data-contact-receiver-fields]").hidden = false;
    fields.email.required = true;
  }
  form.noValidate = true; // the page's own messages, in the page's language, replace the browser's
  fields.subject.addEventListener("input", () => typed("subject"));
  fields.message.addEventListener("input", () => typed("message"));
  fields.email.addEventListener("input", () => clearError("email"));
  form.addEventListener("submit", (event) => {
    if (!data.endpoint) { // a mailto: form: the browser opens the email app once the fields are filled
      if (!validate(false)) event.preventDefault();
      return;
    }
    event.preventDefault();
    if (sending || !validate(true)) return;
    if (trap.value) { // only a robot fills the hidden field: nothing is sent
      say(data.textFailed, { fallback: true });
      return;
    }
    send();
  });
  window.addEventListener("pagehide", () => {
    if (opened.size && !tried) report("left_without_sending");
  });
  mailto.href = mailtoHref();
});
