/* Material for MkDocs 9.8 announce: the inline script of partials/javascripts/announce.html, moved to a
 * file so that pages work under a Content-Security-Policy of script-src 'self' (README, "Deploying"). */
var el=document.querySelector("[data-md-component=announce]");if(el){var content=el.querySelector(".md-typeset");__md_hash(content.innerHTML)===__md_get("__announce")&&(el.hidden=!0)}
