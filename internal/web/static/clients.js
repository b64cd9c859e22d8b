// Search-as-you-type on the client list. Without JavaScript the search form submits as usual; with
// it, typing fetches the results region of the same page and keeps the address bar in step, so the
// URL still holds the whole state (LS-3).
(function () {
  "use strict";
  var input = document.querySelector("[data-live-search]");
  var form = document.getElementById("client-filters");
  if (!input || !form || !window.fetch) { return; }
  var timer = null;
  var pending = null;
  function refresh() {
    var params = new URLSearchParams(new FormData(form));
    var url = form.getAttribute("action") + "?" + params.toString();
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(url, { headers: { "X-Tend-Partial": "results" }, credentials: "same-origin", signal: pending.signal })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var current = document.getElementById("client-results");
        var doc = new DOMParser().parseFromString(html, "text/html");
        var next = doc.getElementById("client-results");
        if (current && next) {
          current.replaceWith(document.adoptNode(next));
          history.replaceState(null, "", url);
        }
      })
      .catch(function () { /* leave the old results; the plain submit still works */ });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 200);
  });
})();

// Row menus are <details>: they open and close without JavaScript. With it, a click elsewhere or Escape
// closes an open menu, and opening one closes the others, as people expect of a menu.
(function () {
  "use strict";
  function closeAll(except) {
    document.querySelectorAll("details.row-menu[open]").forEach(function (d) {
      if (d !== except) { d.removeAttribute("open"); }
    });
  }
  document.addEventListener("click", function (e) {
    closeAll(e.target.closest ? e.target.closest("details.row-menu") : null);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") { return; }
    var open = document.activeElement && document.activeElement.closest ? document.activeElement.closest("details.row-menu[open]") : null;
    closeAll(null);
    if (open) { open.querySelector("summary").focus(); }
  });
})();
