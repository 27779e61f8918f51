/* Material for MkDocs 9.8 content: the inline script of partials/javascripts/content.html, moved to a
 * file so that pages work under a Content-Security-Policy of script-src 'self' (README, "Deploying"). */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
