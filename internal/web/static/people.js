// Finding an existing person as you type, for the contact and member rows. Without this script the
// row's Find button does the same with a page load.
(function () {
  "use strict";
  var timers = new WeakMap();

  function render(input, items) {
    var row = input.closest(".existing-person");
    var box = row && row.querySelector(".people-results");
    if (!box) { return; }
    var members = input.dataset.people === "clients";
    var name = input.dataset.choose;
    var current = row.querySelector('input[name="' + name + '"]:checked');
    var chosen = current ? current.value : "";
    box.textContent = "";
    var shown = items.filter(function (p) { return !members || (p.client_id && p.kind !== "group"); });
    if (shown.length === 0) {
      var none = document.createElement("p");
      none.className = "muted";
      none.textContent = "Nobody matches. Check the spelling, or add them as new.";
      box.appendChild(none);
      return;
    }
    var set = document.createElement("fieldset");
    set.className = "choices";
    var legend = document.createElement("legend");
    legend.className = "visually-hidden";
    legend.textContent = "Matches";
    set.appendChild(legend);
    shown.forEach(function (p) {
      var label = document.createElement("label");
      var radio = document.createElement("input");
      radio.type = "radio";
      radio.name = name;
      radio.value = members ? p.client_id : p.id;
      radio.checked = radio.value === chosen;
      label.appendChild(radio);
      label.appendChild(document.createTextNode(" " + p.first_name + " " + p.last_name));
      if (p.email) {
        var mail = document.createElement("span");
        mail.className = "muted";
        mail.textContent = " · " + p.email;
        label.appendChild(mail);
      }
      var badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = p.client_id ? (p.kind === "minor" ? "Minor" : "Client") : "Contact";
      label.appendChild(document.createTextNode(" "));
      label.appendChild(badge);
      set.appendChild(label);
    });
    box.appendChild(set);
  }

  function search(input) {
    var q = input.value.trim();
    if (q.length < 2) { return; }
    fetch("/api/v1/people?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) { if (body && input.value.trim() === q) { render(input, body.items || []); } })
      .catch(function () { /* the Find button still works */ });
  }

  document.addEventListener("input", function (e) {
    var input = e.target;
    if (!input.matches || !input.matches("input[data-people]")) { return; }
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(function () { search(input); }, 200));
  });
})();
