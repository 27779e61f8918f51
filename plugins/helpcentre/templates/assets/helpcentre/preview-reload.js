/*
 * helpcentre: the error page of `mkdocs serve` (core/preview_error.py) reloads itself once the next
 * build has finished, fixed or not. The server holds each request until then (or answers "same"
 * after a while); a file, not an inline script, so it runs under `script-src 'self'`.
 */
(function () {
  "use strict";
  const wait = document.currentScript.dataset.wait;

  function poll() {
    fetch(wait, { cache: "no-store" })
      .then(function (response) {
        return response.text();
      })
      .then(function (answer) {
        if (answer === "built") {
          window.location.reload();
        } else {
          poll();
        }
      })
      .catch(function () {
        window.setTimeout(poll, 1000); // the server restarts or is busy: try again shortly
      });
  }

  poll();
})();
