// Secure messaging (MS-1): a conversation page asks every 10 seconds for messages newer than the last
// it shows and appends them. The server treats these requests as background ones: they never keep an
// idle session alive, so when the session ends the next answer is not JSON and the page reloads to the
// sign-in page. Without JavaScript, reloading the page shows new messages.
(function () {
  "use strict";
  var list = document.getElementById("messages");
  if (!list || !list.dataset.poll) { return; }
  function poll() {
    var url = list.dataset.poll + "?after=" + encodeURIComponent(list.dataset.last || "0");
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } }).then(function (r) {
      var type = r.headers.get("Content-Type") || "";
      if (!r.ok || type.indexOf("application/json") !== 0) { window.location.reload(); return null; }
      return r.json();
    }).then(function (a) {
      if (!a) { return; }
      if (a.html) {
        list.insertAdjacentHTML("beforeend", a.html);
        var none = document.getElementById("no-messages");
        if (none) { none.remove(); }
      }
      if (a.last_seq) { list.dataset.last = String(a.last_seq); }
      window.setTimeout(poll, 10000);
    }).catch(function () { window.setTimeout(poll, 30000); });
  }
  window.setTimeout(poll, 10000);
})();
