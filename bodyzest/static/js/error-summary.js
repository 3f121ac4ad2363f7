/*
 * GOV.UK error summary: when a form comes back with errors, move focus to the
 * "There is a problem" box so keyboard and screen-reader users start there.
 * The box and its links work without this script.
 */
(function () {
    "use strict";
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
    }
})();
