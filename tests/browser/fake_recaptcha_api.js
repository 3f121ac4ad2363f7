/*
 * A stand-in for Google's reCAPTCHA api.js, served to the browser by a
 * Playwright route (the network edge): it renders a real, keyboard-operable
 * "I'm not a robot" checkbox into each .g-recaptcha element and puts a token
 * in the g-recaptcha-response field that the server then verifies against
 * the local fake siteverify server.
 *
 * Like Google's v2 checkbox, the widget is a fixed 304 x 78 px box (Google's
 * holds an iframe of that size) with a 28 x 28 px checkbox, so layouts are
 * tested against the size the real one takes. Styles are set through the
 * CSSOM, as Google's script does, which the site's CSP allows.
 */
(function () {
    "use strict";
    function render(container) {
        var widget = document.createElement("div");
        var label = document.createElement("label");
        var box = document.createElement("input");
        var response = document.createElement("textarea");
        widget.className = "fake-recaptcha-widget";
        widget.style.cssText = "width: 304px; height: 78px; box-sizing: border-box; padding: 0 12px;"
            + " display: flex; align-items: center; border: 1px solid #d3d3d3; border-radius: 3px; background: #f9f9f9;";
        box.type = "checkbox";
        box.id = "fake-recaptcha-checkbox";
        box.style.cssText = "width: 28px; height: 28px; margin: 0 12px 0 0;";
        label.style.cssText = "display: flex; align-items: center;";
        label.appendChild(box);
        label.appendChild(document.createTextNode("I'm not a robot"));
        response.name = "g-recaptcha-response";
        response.style.display = "none"; // as Google's script does
        box.addEventListener("change", function () {
            response.value = box.checked ? "token-from-the-fake-api" : "";
        });
        widget.appendChild(label);
        container.appendChild(widget);
        container.appendChild(response);
    }
    window.grecaptcha = {
        ready: function (callback) { callback(); },
        render: render,
        execute: function () { return Promise.resolve("token-from-the-fake-api"); }
    };
    Array.prototype.forEach.call(document.querySelectorAll(".g-recaptcha"), render);
})();
