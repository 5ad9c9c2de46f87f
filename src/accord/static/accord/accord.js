/* Accord: tell screen-reader users what just happened (WCAG 4.1.3, 3.3.1).
   Loaded with the CSP nonce; no inline script anywhere. */
(function () {
  "use strict";

  function announce(text) {
    var region = document.getElementById("announcer");
    if (!region || !text) { return; }
    // Emptied first and filled on the next frame, so the same message twice is heard twice.
    region.textContent = "";
    window.requestAnimationFrame(function () { region.textContent = text; });
  }

  function messagesText(root) {
    var parts = [];
    (root || document).querySelectorAll("#messages .message").forEach(function (message) {
      parts.push(message.textContent.replace(/\s+/g, " ").trim());
    });
    return parts.join(" ");
  }

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
    return Boolean(summary);
  }

  document.addEventListener("DOMContentLoaded", function () {
    // A failed submit: focus the summary (its role="alert" is read as it gets focus).
    if (!focusErrorSummary()) { announce(messagesText()); }
  });

  // An error summary's links move focus to the control, not just scroll to it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) { return; }
    var control = document.getElementById(link.getAttribute("href").slice(1));
    if (control) { event.preventDefault(); control.focus(); }
  });

  // After an HTMX swap the button that was pressed is gone: put focus on its twin in the new
  // content (same form action, same value), else on the swapped region, and announce the
  // server's message that came along with it (hx-select-oob="#messages").
  var pressed = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt.closest ? event.detail.elt.closest("form") : null;
    var submitter = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent
      ? event.detail.requestConfig.triggeringEvent.submitter : null;
    pressed = form ? { action: form.getAttribute("action"), value: submitter ? submitter.value : null } : null;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = null;
    // Out-of-band swaps settle too: only the swap the user asked for moves focus.
    if (!pressed || event.detail.elt.id === "messages") { return; }
    if (pressed) {
      var forms = document.querySelectorAll("form");
      for (var i = 0; i < forms.length && !target; i++) {
        if (forms[i].getAttribute("action") !== pressed.action) { continue; }
        target = pressed.value !== null
          ? forms[i].querySelector("button[value='" + CSS.escape(pressed.value) + "']")
          : forms[i].querySelector("button");
      }
    }
    if (!target) {
      target = event.detail.target && document.body.contains(event.detail.target) ? event.detail.target : null;
      if (target && !target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
    }
    if (target) { target.focus(); }
    announce(messagesText());
    pressed = null;
  });
}());
