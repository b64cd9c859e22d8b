// Keeps a progress page current without reloading it: every few seconds it fetches the page again and
// puts the new progress into the status region, until the work is finished. A <meta refresh> reloaded
// the whole page on its own schedule instead, taking a screen reader's place and the keyboard focus back
// to the top each time (WCAG 2.2.1). Without JavaScript the page offers "Check again".
(function () {
  "use strict";
  var region = document.getElementById("progress");
  if (!region || !region.hasAttribute("data-refresh") || !window.fetch) { return; }
  var every = (parseInt(region.getAttribute("data-refresh"), 10) || 2) * 1000;
  function tick() {
    fetch(location.href, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var next = doc.getElementById("progress");
        if (!next) { return; }
        region.innerHTML = next.innerHTML;
        var h1 = document.querySelector("main h1"), nextH1 = doc.querySelector("main h1");
        if (h1 && nextH1) { h1.textContent = nextH1.textContent; }
        document.title = doc.title;
        if (next.hasAttribute("data-refresh")) {
          setTimeout(tick, every);
        } else {
          region.removeAttribute("data-refresh");
          var note = document.getElementById("progress-note");
          if (note) { note.remove(); }
        }
      })
      .catch(function () { setTimeout(tick, every * 2); });
  }
  setTimeout(tick, every);
})();
