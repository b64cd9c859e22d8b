// Adds rows to the treatment plan editor in place (issue 15, item 1). Without this script each "Add a …"
// button sends the form, which comes back with one more empty row and nothing saved; with it the row is
// copied from a <template> of the page, named like the rows the server renders (problems.0.goals.1.…).
(function () {
  "use strict";
  var form = document.querySelector("form[data-plan-editor]");
  if (!form) { return; }

  // number turns a name prefix ("problems.0.goals.1.") into the number a row shows ("1.2").
  function number(prefix) {
    return prefix.split(".").filter(function (p) { return /^\d+$/.test(p); })
      .map(function (p) { return String(Number(p) + 1); }).join(".");
  }

  form.addEventListener("click", function (e) {
    var button = e.target.closest("button[data-add]");
    if (!button || !form.contains(button)) { return; }
    var kind = button.getAttribute("data-add");
    var list = button.previousElementSibling;
    var tpl = document.getElementById("plan-tpl-" + kind);
    if (!list || list.getAttribute("data-rows") !== kind || !tpl) { return; } // let the form do it
    e.preventDefault();
    var count = 0;
    Array.prototype.forEach.call(list.children, function (c) { if (c.getAttribute("data-row") === kind) { count++; } });
    var prefix = list.getAttribute("data-prefix") + count + ".";
    var holder = document.createElement("template");
    holder.innerHTML = tpl.innerHTML.split("__PREFIX__").join(prefix).split("__NUM__").join(number(prefix));
    var row = holder.content.firstElementChild;
    list.appendChild(holder.content);
    var first = row && row.querySelector("textarea, input, select");
    if (first) { first.focus(); }
  });
})();
