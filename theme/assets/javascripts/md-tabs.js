// Material for MkDocs 9.8.1 partials/javascripts/content.html: the same code, moved out of the page
// so the site runs under Content-Security-Policy: default-src 'self'.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
