/*
 * GOV.UK error summary: when a form comes back with errors, move focus to the
 * "There is a problem" box so keyboard and screen-reader users start there;
 * a link in it moves focus to its field and brings the field's question into
 * view (a browser only scrolls to a fragment, often hiding the label).
 * The box and its links work without this script.
 */
(function () {
    "use strict";
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
        return;
    }
    summary.focus();
    summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        var field = link && document.getElementById(link.getAttribute("href").slice(1));
        if (!field) {
            return;
        }
        event.preventDefault();
        var question = field.closest("fieldset") ? field.closest("fieldset").querySelector("legend")
            : document.querySelector("label[for='" + field.id + "']");
        (question || field).scrollIntoView();
        field.focus({preventScroll: true});
    });
})();
