/* Material for MkDocs 9.8 content: the inline script of partials/javascripts/content.html, moved to a
 * file so that pages work under a Content-Security-Policy of script-src 'self' (README, "Deploying"). */
var tabs=__md_get("__tabs");if(Array.isArray(tabs))e:for(var set of document.querySelectorAll(".tabbed-set")){var labels=set.querySelector(".tabbed-labels");for(var tab of tabs)for(var label of labels.getElementsByTagName("label"))if(label.innerText.trim()===tab){var input=document.getElementById(label.htmlFor);input.checked=!0;continue e}}
