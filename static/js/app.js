/* Small behaviours, no inline scripts: network error notices and the idle-session warning. */
(function () {
  "use strict";

  function toast(message) {
    var box = document.getElementById("toast");
    if (!box) {
      box = document.createElement("div");
      box.id = "toast";
      box.setAttribute("role", "alert");
      document.body.appendChild(box);
    }
    box.innerHTML = "";
    var p = document.createElement("p");
    p.className = "flash flash-error";
    p.textContent = message;
    box.appendChild(p);
    window.setTimeout(function () { if (box.contains(p)) { box.removeChild(p); } }, 6000);
  }
  window.appToast = toast;

  document.addEventListener("htmx:sendError", function () {
    toast("Không kết nối được máy chủ. Vui lòng kiểm tra mạng rồi thử lại.");
  });
  document.addEventListener("htmx:responseError", function (evt) {
    var status = evt.detail.xhr ? evt.detail.xhr.status : 0;
    if (status === 401 || status === 403) {
      toast("Phiên làm việc đã hết hạn hoặc bạn không có quyền. Vui lòng tải lại trang.");
    } else if (status === 413) {
      toast("Tệp tải lên quá lớn.");
    } else if (status === 429) {
      toast("Bạn thao tác quá nhanh. Vui lòng đợi một lát.");
    } else {
      toast("Không lưu được thao tác (mã " + status + "). Vui lòng thử lại.");
    }
  });

  // Copy buttons (shown only with JavaScript): <button data-copy="ID"> copies the field ID's value.
  function copyButtons(root) {
    var buttons = root.querySelectorAll ? root.querySelectorAll("button[data-copy]") : [];
    Array.prototype.forEach.call(buttons, function (button) {
      var field = document.getElementById(button.dataset.copy);
      if (!field || button.dataset.copyReady) { return; }
      button.dataset.copyReady = "1";
      button.hidden = false;
      var label = button.textContent;
      button.addEventListener("click", function () {
        var done = function () {
          button.textContent = "Đã sao chép";
          window.setTimeout(function () { button.textContent = label; }, 2000);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
        } else {
          field.select();
          try { if (document.execCommand("copy")) { done(); } } catch (e) { /* selected: copy by hand */ }
        }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { copyButtons(document); });
  document.addEventListener("htmx:load", function (evt) { copyButtons(evt.target); });

  // Upload progress: a <progress data-upload-progress> inside the form that sends a file.
  document.addEventListener("htmx:xhr:progress", function (evt) {
    var bar = evt.target.querySelector ? evt.target.querySelector("progress[data-upload-progress]") : null;
    if (bar && evt.detail.lengthComputable && evt.detail.total) {
      bar.value = Math.round(evt.detail.loaded * 100 / evt.detail.total);
    }
  });

  // Idle-session warning: a dialog shortly before the server may forget the session. A page
  // counts from its own last request, but another tab may have renewed the session since, and a
  // request renews it at most once a minute; so when the count ends the page asks the server
  // how long is really left (asking does not renew it), and counts on or, once the session has
  // surely expired (whole-second timestamps: a small margin), leaves for the sign-in page.
  var EXPIRY_MARGIN_MS = 2000;
  function sessionWarning() {
    var body = document.body;
    var total = parseInt(body.dataset.sessionSeconds || "0", 10);
    var warnBefore = parseInt(body.dataset.sessionWarning || "120", 10);
    var dialog = document.getElementById("session-warning");
    if (!total || !dialog || typeof dialog.showModal !== "function") { return; }
    var out = dialog.querySelector("[data-countdown]");
    var warnTimer, tick, expiresAt;

    function countFrom(seconds) {
      window.clearTimeout(warnTimer);
      window.clearInterval(tick);
      expiresAt = Date.now() + seconds * 1000;
      if (seconds > warnBefore) {
        if (dialog.open) { dialog.close(); }
        warnTimer = window.setTimeout(show, (seconds - warnBefore) * 1000);
      } else {
        show();
      }
    }
    function schedule() { countFrom(total); }
    function show() {
      if (!dialog.open) { dialog.showModal(); }
      tick = window.setInterval(function () {
        var left = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
        out.textContent = String(left);
        if (left === 0) {
          window.clearInterval(tick);
          ask();
        }
      }, 1000);
    }
    function leave() {
      window.location.href = body.dataset.loginUrl + "?next=" +
        encodeURIComponent(window.location.pathname + window.location.search);
    }
    function ask() {
      fetch(body.dataset.sessionState, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { remaining: 0 }; })
        .then(function (state) {
          if (state.remaining > 0) { countFrom(state.remaining); } else { window.setTimeout(leave, EXPIRY_MARGIN_MS); }
        })
        .catch(function () { window.setTimeout(ask, 5000); });
    }
    dialog.querySelector("[data-action=stay]").addEventListener("click", function () {
      var headers = JSON.parse(body.getAttribute("hx-headers") || "{}");
      headers["HX-Request"] = "true";
      fetch(body.dataset.sessionPing, { method: "POST", headers: headers, credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) { throw new Error(String(r.status)); }
          schedule();
        })
        .catch(function () { toast("Không gia hạn được phiên. Vui lòng đăng nhập lại."); });
    });
    document.addEventListener("htmx:afterRequest", schedule);
    schedule();
  }

  // A visitor's "Thi ngay" went through sign-in or registration: start the exam they asked for
  // (the server marks that form only for the session that clicked; see views/take.py).
  function autostart() {
    var form = document.querySelector("form[data-autostart]");
    if (form) { form.submit(); }
  }

  // A table wider than the screen scrolls sideways inside its .table-wrap: make that box reachable
  // by keyboard (focusable, a named region) when it really scrolls, and only then, so a wide
  // screen gets no empty tab stop. Names come from the table's caption or the nearest heading.
  function tableName(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption) { return caption.textContent.trim(); }
    var box = wrap.closest("section, .card, main");
    var heading = box ? box.querySelector("h1, h2, h3") : null;
    return heading ? heading.textContent.trim() : "Bảng dữ liệu";
  }
  function scrollableTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("data-scroll-focus", "");
        if (!wrap.hasAttribute("role")) { wrap.setAttribute("role", "region"); }
        if (!wrap.hasAttribute("aria-label") && !wrap.hasAttribute("aria-labelledby")) {
          wrap.setAttribute("aria-label", tableName(wrap));
        }
      } else if (!scrolls && wrap.hasAttribute("data-scroll-focus")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("data-scroll-focus");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", sessionWarning);
  document.addEventListener("DOMContentLoaded", autostart);
  document.addEventListener("DOMContentLoaded", scrollableTables);
  document.addEventListener("htmx:afterSettle", scrollableTables);
  window.addEventListener("resize", scrollableTables);
})();
