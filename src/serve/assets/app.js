// The page's script: the drop zone, the command buttons and live updates.
// Plain JavaScript, no library, nothing from the network. Without it the
// page still works: the forms post and the page reloads.
"use strict";

(function () {
  var sending = document.getElementById("dang-gui");
  var zone = document.getElementById("vung-tha");
  var picker = document.getElementById("chon-tep");
  var sendButton = document.getElementById("gui-tep");

  function say(text, ok) {
    if (!sending) return;
    sending.textContent = text;
    sending.className = "dang-gui" + (ok === false ? " loi" : "");
  }

  // Fetches the page again and swaps every live region in place.
  var refreshing = false;
  var again = false;
  function refresh() {
    if (refreshing) { again = true; return; }
    refreshing = true;
    fetch("/", { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, "text/html");
        var focused = document.activeElement && document.activeElement.id;
        var open = {};
        document.querySelectorAll("details[id], [data-live] details").forEach(function (d, i) {
          if (d.open) open[(d.closest("[data-live]") || {}).id + ":" + i] = true;
        });
        doc.querySelectorAll("[data-live]").forEach(function (fresh) {
          var here = document.getElementById(fresh.id);
          if (here && here.innerHTML !== fresh.innerHTML) here.innerHTML = fresh.innerHTML;
        });
        document.querySelectorAll("[data-live] details").forEach(function (d, i) {
          if (open[(d.closest("[data-live]") || {}).id + ":" + i]) d.open = true;
        });
        var state = doc.getElementById("trang-thai");
        var stateHere = document.getElementById("trang-thai");
        if (state && stateHere) stateHere.dataset.generation = state.dataset.generation;
        if (focused) {
          var f = document.getElementById(focused);
          if (f && document.activeElement !== f) f.focus();
        }
        if (doc.title) document.title = doc.title;
      })
      .catch(function () { })
      .then(function () {
        refreshing = false;
        if (again) { again = false; refresh(); }
      });
  }

  function messages(body) {
    return (body && body.messages || []).map(function (m) { return m.message; }).join(" ");
  }

  // Sends files to nop/.
  function send(files) {
    if (!files || files.length === 0) return;
    var data = new FormData();
    for (var i = 0; i < files.length; i++) data.append("file", files[i], files[i].name);
    say("Đang gửi " + files.length + " tệp…");
    fetch("/nop", {
      method: "POST", body: data, credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (r) {
        return r.json().then(function (body) { return { ok: r.ok, body: body }; },
          function () { return { ok: false, body: null }; });
      })
      .then(function (res) {
        say(messages(res.body) || (res.ok ? "Đã gửi." : "Không gửi được."), res.ok);
        if (picker) picker.value = "";
        refresh();
      })
      .catch(function () { say("Không gửi được: mất kết nối với thidua serve.", false); });
  }

  if (zone && picker) {
    if (sendButton) sendButton.hidden = true;
    picker.addEventListener("change", function () { send(picker.files); });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (e) {
        e.preventDefault();
        zone.classList.add("dang-tha");
      });
    });
    ["dragleave", "dragend"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("dang-tha"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      e.stopPropagation();
      zone.classList.remove("dang-tha");
      send(e.dataTransfer && e.dataTransfer.files);
    });
    // A file dropped anywhere else on the page is received too (never
    // opened by the browser in place of the page).
    window.addEventListener("dragover", function (e) { e.preventDefault(); });
    window.addEventListener("drop", function (e) {
      e.preventDefault();
      send(e.dataTransfer && e.dataTransfer.files);
    });
  }

  // The command buttons (forms marked data-lenh), delegated: they are
  // inside a live region and swapped with it.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.dataset || !form.dataset.lenh) return;
    e.preventDefault();
    var button = form.querySelector("button");
    if (button) { button.disabled = true; button.setAttribute("aria-busy", "true"); }
    say(form.dataset.lenh);
    fetch(form.action, {
      method: "POST", credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
      .then(function (res) { say(messages(res.body), res.ok); })
      .catch(function () { say("Không chạy được lệnh: mất kết nối với thidua serve.", false); })
      .then(function () {
        if (button) { button.disabled = false; button.removeAttribute("aria-busy"); }
        refresh();
      });
  });

  // Live updates: the server says when the folder changed.
  if (window.EventSource) {
    var events = new EventSource("/events");
    events.addEventListener("doi", function () { refresh(); });
  }
})();
