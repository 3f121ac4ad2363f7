/*
 * A stand-in for Google's reCAPTCHA api.js, served to the browser by a
 * Playwright route (the network edge): it renders a real, keyboard-operable
 * "I'm not a robot" checkbox into each .g-recaptcha element and puts a token
 * in the g-recaptcha-response field that the server then verifies against
 * the local fake siteverify server.
 */
(function () {
    "use strict";
    function render(container) {
        var label = document.createElement("label");
        var box = document.createElement("input");
        var response = document.createElement("textarea");
        box.type = "checkbox";
        box.id = "fake-recaptcha-checkbox";
        label.appendChild(box);
        label.appendChild(document.createTextNode(" I'm not a robot"));
        response.name = "g-recaptcha-response";
        response.style.display = "none"; // as Google's script does
        box.addEventListener("change", function () {
            response.value = box.checked ? "token-from-the-fake-api" : "";
        });
        container.appendChild(label);
        container.appendChild(response);
    }
    window.grecaptcha = {
        ready: function (callback) { callback(); },
        render: render,
        execute: function () { return Promise.resolve("token-from-the-fake-api"); }
    };
    Array.prototype.forEach.call(document.querySelectorAll(".g-recaptcha"), render);
})();
