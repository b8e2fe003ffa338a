// Small enhancements only: every page works without this script.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // The sign-in page: press its button at once (a link preview, which runs no script, does not).
  var login = document.getElementById("login");
  if (login) { login.submit(); return; }
  // The compose form: recount the recipients whenever who-gets-it changes.
  var form = document.getElementById("compose");
  var shown = document.getElementById("count");
  if (!form || !shown) { return; }
  var fields = ["kind", "place", "unfinished", "days"];
  function recount() {
    var query = new URLSearchParams();
    fields.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field) { query.set(name, field.value); }
    });
    fetch("/dashboard/thong-bao/dem?" + query.toString(), { credentials: "same-origin" })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (found) {
        if (!found) { return; }
        var count = found.count;
        shown.dataset.count = count === null ? "" : String(count);
        shown.textContent = count === null ? "chưa rõ, hãy chọn đủ người nhận" : count.toLocaleString("vi-VN");
      })
      .catch(function () { /* the button still recounts */ });
  }
  fields.forEach(function (name) {
    var field = form.elements.namedItem(name);
    if (field) { field.addEventListener("change", recount); field.addEventListener("input", recount); }
  });
});
