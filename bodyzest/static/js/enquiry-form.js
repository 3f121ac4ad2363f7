/*
 * The discovery-visit enquiry form. The form works without this script (the
 * reCAPTCHA widget itself needs Google's); it adds:
 *  - a live character count under the message (GOV.UK "character count");
 *  - for reCAPTCHA v2 invisible and v3, getting a token before the form is sent.
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
