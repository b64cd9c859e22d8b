// Saves a portal document's answers as the person types (issue 6: "filling in saves progress
// automatically"). Without JavaScript the "Save progress" button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) { return; }
  var status = document.getElementById("autosave-status");
  var timer = null;
  // data-autosave may name the form's own save button (a note's "Save draft").
  var button = form.getAttribute("data-autosave") || "Save progress";
  function save() {
    var data = new FormData(form);
    data.set("op", "autosave");
    fetch(form.action, { method: "POST", body: new URLSearchParams(data), credentials: "same-origin" })
      .then(function (r) {
        if (status) { status.textContent = r.ok ? "Saved." : "Not saved: something needs attention. Use " + button + " to see why."; }
      })
      .catch(function () { if (status) { status.textContent = "Not saved: check your connection."; } });
  }
  function later() {
    if (status) { status.textContent = "Saving…"; }
    clearTimeout(timer);
    timer = setTimeout(save, 1200);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
