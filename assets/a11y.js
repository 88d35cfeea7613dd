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

  // A multi-select shows its chosen values on one line, clipped, then "n selected":
  // the values clipped away are not visible text, so naming the button with all of them
  // put words between the visible first value and the count (axe
  // label-content-name-mismatch on /compare). The full list is in the opened listbox.
  function visibleText(button) {
    var area = button.querySelector(".dash-dropdown-value");
    var box = area ? area.getBoundingClientRect() : null;
    var clipped = [];
    if (box && box.width > 0) {
      area.querySelectorAll(".dash-dropdown-value-item").forEach(function (item) {
        var r = item.getBoundingClientRect();
        if (r.right <= box.left || r.left >= box.right) { clipped.push(item); }
      });
    }
    var text = "";
    var walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      var node = walker.currentNode;
      if (!clipped.some(function (item) { return item.contains(node); })) {
        text += node.nodeValue;
      }
    }
    return text.replace(/\s+/g, " ").trim() || "choose";
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
      var text = visibleText(button);
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
    // React re-sets aria-selected when a value changes but not the role it already
    // set (removed here), so an option can come back with aria-selected alone.
    root.querySelectorAll(".dash-options-list-option[role='option'], " +
                          ".dash-options-list-option[aria-selected]").forEach(
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
    window.addEventListener("resize", schedule);  // what is clipped depends on the width
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
