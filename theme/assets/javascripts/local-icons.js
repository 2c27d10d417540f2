// Material draws its icons from data: URLs, which `Content-Security-Policy: default-src 'self'`
// blocks. Served over http(s), use the same icons as local files (stylesheets/local-icons.css);
// opened from file:// keep the data: URLs: Chromium refuses CSS mask images from file:// and no
// CSP applies there. Runs in <head>, before the first paint.
if (location.protocol !== "file:") document.documentElement.classList.add("pb-local-icons");
