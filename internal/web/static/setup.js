// Suggests the browser's own time zone on the setup form when the field is empty. Without
// JavaScript the field simply starts empty; the datalist still offers common zones.
(function () {
  "use strict";
  var input = document.querySelector("[data-detect-zone]");
  if (!input || input.value) { return; }
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) { input.value = zone; }
  } catch (e) { /* an old browser: leave the field for the person */ }
})();
