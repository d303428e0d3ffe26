/* The attempt page: a countdown to the server's deadline, and saves that retry until stored.
   The server enforces the deadline; this only shows it and goes to the result when it passes. */
(function () {
  "use strict";

  function countdown() {
    // Only a deadline within a day counts down (the server shows a date, or nothing, otherwise).
    var bar = document.querySelector(".exam-bar[data-remaining]");
    if (!bar) { return; }
    var out = bar.querySelector("[data-timer]");
    var end = Date.now() + parseInt(bar.dataset.remaining, 10) * 1000;
    function two(n) { return ("0" + n).slice(-2); }
    function tick() {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor(left % 3600 / 60), s = left % 60;
      out.textContent = h ? h + ":" + two(m) + ":" + two(s) : m + ":" + two(s);
      bar.classList.toggle("ending", left <= 60);
      if (left === 0) {
        window.clearInterval(timer);
        window.setTimeout(function () { window.location.href = bar.dataset.resultUrl; }, 2500);
      }
    }
    var timer = window.setInterval(tick, 1000);
    tick();
  }

  // A save that did not reach the server is retried (with growing pauses) until it does.
  var pending = {};
  function retry(evt) {
    var form = evt.detail.elt && evt.detail.elt.closest && evt.detail.elt.closest("form.answer-form");
    if (!form) { return; }
    var status = evt.detail.xhr ? evt.detail.xhr.status : 0;
    // Only a lost connection or a server hiccup is worth retrying; a refusal stays a refusal.
    if (status >= 400 && status < 500) {
      var refused = document.querySelector(form.getAttribute("hx-target"));
      if (refused) {
        refused.textContent = status === 401 || status === 400
          ? "Phiên làm việc đã hết hạn. Hãy tải lại trang để tiếp tục; các câu đã lưu vẫn còn."
          : "Không lưu được câu trả lời này.";
        refused.classList.add("error");
      }
      return;
    }
    var key = form.getAttribute("hx-post");
    var tries = (pending[key] || 0) + 1;
    pending[key] = tries;
    var target = document.querySelector(form.getAttribute("hx-target"));
    if (target) {
      target.textContent = "Chưa lưu được, đang thử lại…";
      target.classList.add("error");
    }
    window.setTimeout(function () { htmx.trigger(form, "change"); }, Math.min(30000, 1500 * tries));
  }
  document.addEventListener("htmx:sendError", retry);
  document.addEventListener("htmx:responseError", retry);
  document.addEventListener("htmx:afterRequest", function (evt) {
    var form = evt.detail.elt && evt.detail.elt.closest && evt.detail.elt.closest("form.answer-form");
    if (form && evt.detail.successful) { delete pending[form.getAttribute("hx-post")]; }
  });
  window.addEventListener("beforeunload", function (evt) {
    if (Object.keys(pending).length) { evt.preventDefault(); evt.returnValue = ""; }
  });

  // "Kiểm tra" in an exam that shows each verdict at once: while the check is on its way the
  // question takes no other answer (inert keeps the values, unlike disabled); once the server has
  // shown the verdict (data-locked) the question is disabled, as the page is after a reload. The
  // server refuses any later save of it anyway.
  document.addEventListener("htmx:beforeRequest", function (evt) {
    var form = evt.detail.elt && evt.detail.elt.closest && evt.detail.elt.closest("form.answer-form[data-check]");
    var cause = evt.detail.requestConfig && evt.detail.requestConfig.triggeringEvent;
    if (form && cause && cause.type === "submit") { form.inert = true; }
  });
  function lockChecked() {
    document.querySelectorAll("section.question").forEach(function (question) {
      var form = question.querySelector("form.answer-form");
      var status = question.querySelector(".save-status");
      if (!form || !status) { return; }
      if (status.hasAttribute("data-locked")) {
        question.querySelectorAll("input:not([type=hidden]), select, textarea, button").forEach(function (control) {
          control.disabled = true;
        });
        form.inert = false;
      } else if (form.inert && !pending[form.getAttribute("hx-post")]) {
        form.inert = false;
      }
    });
  }
  document.addEventListener("htmx:afterSettle", lockChecked);
  document.addEventListener("htmx:afterRequest", lockChecked);

  document.addEventListener("DOMContentLoaded", countdown);
})();
