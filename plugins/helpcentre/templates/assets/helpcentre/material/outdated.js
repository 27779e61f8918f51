/* Material for MkDocs 9.8 outdated: the inline script of partials/javascripts/outdated.html, moved to a
 * file so that pages work under a Content-Security-Policy of script-src 'self' (README, "Deploying"). */
var el=document.querySelector("[data-md-component=outdated]"),base=new URL(document.currentScript.dataset.base,location),outdated=__md_get("__outdated",sessionStorage,base);!0===outdated&&el&&(el.hidden=!1)
