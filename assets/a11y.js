/*
 * Accessibility repairs for Dash 4's core components (WCAG 2.2 AA; found by axe-core in
 * tests/browser/test_accessibility.py). Dash renders:
 *  - dropdowns whose keyboard focus target is an <input tabindex=0 aria-hidden=true>
 *    (a focusable element hidden from assistive technology);
 *  - radio items and checklists as role=listbox with role=option labels that contain
 *    real inputs (nested interactive controls, and a listbox with no name).
 * The native inputs underneath are already accessible, so these repairs remove the
 * wrong roles and name the controls. A MutationObserver re-applies them whenever React
 * renders (it rewrites aria-selected when a value changes).
 */
(function () {
  "use strict";

  function labelText(element) {
    var ids = (element.getAttribute("aria-labelledby") || "").split(/\s+/);
    var parts = [];
    ids.forEach(function (id) {
      var node = id && document.getElementById(id);
      if (node) { parts.push(node.textContent.trim()); }
    });
    return parts.join(" ").trim();
  }

  function nameFromContext(element) {
    var holder = element.closest("[aria-labelledby]");
    if (holder) {
      var text = labelText(holder);
      if (text) { return text; }
    }
    var control = element.closest(".pb-control, .control, fieldset, div");
    var label = control && control.querySelector("label[for], .control-label, legend");
    return label ? label.textContent.trim() : "";
  }

  function repairDropdowns(root) {
    root.querySelectorAll("input.dash-dropdown-focus-target[aria-hidden]").forEach(
      function (input) {
        input.removeAttribute("aria-hidden");
        var wrapper = input.closest(".dash-dropdown-wrapper");
        var button = wrapper && wrapper.querySelector("button.dash-dropdown");
        var name = nameFromContext(input);
        var value = button ? button.textContent.trim() : "";
        input.setAttribute("aria-label", (name ? name + ": " : "") + (value || "choose"));
        input.setAttribute("aria-haspopup", "listbox");
      });
    root.querySelectorAll("button.dash-dropdown").forEach(function (button) {
      // Its accessible name must contain its visible text (WCAG 2.5.3).
      var text = button.textContent.replace(/\s+/g, " ").trim() || "choose";
      button.removeAttribute("aria-labelledby");
      if (button.getAttribute("aria-label") !== text) {
        button.setAttribute("aria-label", text);
      }
    });
  }

  function repairOptionLists(root) {
    root.querySelectorAll(".dash-options-list[role='listbox']").forEach(function (list) {
      var radio = list.classList.contains("dash-radioitems");
      list.setAttribute("role", radio ? "radiogroup" : "group");
      if (!list.hasAttribute("aria-label") && !list.hasAttribute("aria-labelledby")) {
        var name = nameFromContext(list.parentElement || list);
        if (!name && list.id) {
          var label = document.querySelector("label[for='" + list.id + "']");
          name = label ? label.textContent.trim() : "";
        }
        if (name) { list.setAttribute("aria-label", name); }
      }
    });
    root.querySelectorAll(".dash-options-list-option[role='option']").forEach(
      function (option) {
        option.removeAttribute("role");
        option.removeAttribute("aria-selected");
      });
  }

  var scheduled = false;
  function repair() {
    scheduled = false;
    repairDropdowns(document);
    repairOptionLists(document);
  }

  function schedule() {
    if (!scheduled) {
      scheduled = true;
      window.requestAnimationFrame(repair);
    }
  }

  function start() {
    repair();
    new MutationObserver(schedule).observe(document.body, {
      subtree: true, childList: true, attributes: true,
      attributeFilter: ["aria-hidden", "role", "aria-selected", "class", "aria-labelledby"],
      characterData: true
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
