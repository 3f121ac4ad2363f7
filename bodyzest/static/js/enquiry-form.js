/*
 * The discovery-visit enquiry form. The form works without this script (the
 * reCAPTCHA widget itself needs Google's); it adds:
 *  - a live character count under the message (GOV.UK "character count");
 *  - for reCAPTCHA v2 invisible and v3, getting a token before the form is sent;
 *  - Google's script itself, fetched once the visitor starts the form;
 *  - when Google's script cannot load (blocked, firewalled, down), a note where
 *    the box would be, a "Try again" that loads it again, and a hidden field that
 *    lets the server say the same if the form is sent anyway.
 * Settings arrive as data- attributes, so there is no inline script (CSP).
 */
(function () {
    "use strict";
    var form = document.querySelector("[data-enquiry-form]");
    if (!form) {
        return;
    }

    function plural(count, word) {
        return count.toLocaleString("en-GB") + " " + word + (count === 1 ? "" : "s");
    }

    function characterCount(status) {
        var field = document.getElementById(status.getAttribute("data-character-count-for"));
        var limit = parseInt(status.getAttribute("data-limit"), 10);
        var timer = null;
        if (!field || !limit) {
            return;
        }
        function update() {
            // Line breaks count once, as the server counts them.
            var remaining = limit - field.value.replace(/\r\n/g, "\n").length;
            status.textContent = remaining >= 0
                ? "You have " + plural(remaining, "character") + " remaining"
                : "You have " + plural(-remaining, "character") + " too many";
            status.classList.toggle("character-count--over", remaining < 0);
        }
        field.addEventListener("input", function () {
            // Wait for a pause in typing, so screen readers are not interrupted at every key.
            window.clearTimeout(timer);
            timer = window.setTimeout(update, 400);
        });
        update();
    }

    Array.prototype.forEach.call(form.querySelectorAll("[data-character-count-for]"), characterCount);

    var captcha = form.querySelector(".g-recaptcha");
    var version = captcha && captcha.getAttribute("data-version");

    // How long Google's script may take before the page says it has not loaded. A blocker
    // refuses it at once, a firewall may let the request hang: the wait covers both.
    var SCRIPT_WAIT_MS = 4000;

    function watchRecaptchaScript() {
        var box = form.querySelector("[data-recaptcha]");
        var note = box && box.querySelector("[data-recaptcha-unavailable]");
        var flag = box && box.querySelector("[data-recaptcha-unavailable-flag]");
        var src = box && box.getAttribute("data-recaptcha-src");
        if (!note || !flag || !src) {
            return;
        }
        var title = note.querySelector(".recaptcha-unavailable__title");
        var script = null;
        var timer = null;
        var retried = false;

        function loaded() {
            return Boolean(window.grecaptcha);
        }

        function showNote() {
            if (loaded()) {
                return;
            }
            flag.value = "yes";
            note.hidden = false;
            if (retried) {
                title.textContent = "The security check still did not load";
            }
        }

        function hideNote() {
            var hadFocus = note.contains(document.activeElement);
            flag.value = "";
            note.hidden = true;
            if (hadFocus) {
                box.focus(); // "Try again" goes away: keep the keyboard where the box now is
            }
        }

        function load() {
            // A fresh <script> element each time: a browser never fetches a failed one again.
            var fresh = document.createElement("script");
            fresh.src = src;
            fresh.async = true;
            fresh.addEventListener("load", function () {
                if (loaded()) {
                    window.clearTimeout(timer);
                    hideNote();
                }
            });
            fresh.addEventListener("error", showNote);
            window.clearTimeout(timer);
            timer = window.setTimeout(showNote, SCRIPT_WAIT_MS);
            if (script) {
                script.parentNode.removeChild(script);
            }
            script = fresh;
            document.head.appendChild(fresh);
        }

        function loadOnce() {
            if (!script) {
                load();
            }
        }

        note.querySelector("[data-recaptcha-retry]").addEventListener("click", function () {
            retried = true;
            title.textContent = "Trying again…"; // read out: the note is in a status region
            load();
        });

        if (loaded()) {
            hideNote();
            return;
        }
        if (!note.hidden) {
            flag.value = "yes"; // the server saw the box missing last time too
        }
        if (!note.hidden || document.querySelector("[data-error-summary]")) {
            load(); // the form came back: the box is needed now
            return;
        }
        // Google's script (hundreds of KB, and Google's cookies) only once the visitor starts
        // the form or scrolls near the box: a reader's phone fetches none of it.
        ["focusin", "input", "pointerdown"].forEach(function (type) {
            form.addEventListener(type, loadOnce);
        });
        if ("IntersectionObserver" in window) {
            new IntersectionObserver(function (entries, observer) {
                var near = entries.some(function (entry) {
                    return entry.isIntersecting;
                });
                if (near) {
                    observer.disconnect();
                    loadOnce();
                }
            }, {rootMargin: "200px"}).observe(box);
        }
    }

    watchRecaptchaScript();

    function send() {
        HTMLFormElement.prototype.submit.call(form);
    }

    function beforeSending(getToken) {
        form.addEventListener("submit", function (event) {
            if (!window.grecaptcha) {
                return; // Google's script did not load: send anyway, the server explains.
            }
            event.preventDefault();
            getToken();
        });
    }

    if (version === "v2-invisible") {
        window.bodyzestRecaptchaPassed = send; // named in the widget's data-callback
        beforeSending(function () {
            window.grecaptcha.execute();
        });
    } else if (version === "v3") {
        beforeSending(function () {
            window.grecaptcha.ready(function () {
                window.grecaptcha
                    .execute(captcha.getAttribute("data-sitekey"), {action: captcha.getAttribute("data-action")})
                    .then(function (token) {
                        captcha.value = token;
                        send();
                    });
            });
        });
    }
})();
