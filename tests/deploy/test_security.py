"""Security headers, the Content-Security-Policy, password rules and the production settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.contact.test_settings import PRODUCTION_ENV
from tests.factories import make_blog, make_post, post_form_data, preview

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def policy(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    directives = (part.strip().split() for part in response["Content-Security-Policy"].split(";") if part.strip())
    return {name: sources for name, *sources in directives}


@pytest.mark.django_db
def test_public_pages_carry_a_strict_policy_and_the_security_headers(client):
    response = client.get(make_post(make_blog(), "Knee pain").url)
    csp = policy(response)
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert "google" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_only_the_enquiry_page_allows_googles_recaptcha(client, clinic_site, settings):
    from contact.models import EnquiryPage

    settings.RECAPTCHA_DOMAIN = "www.recaptcha.net"
    csp = policy(client.get(EnquiryPage.objects.get().url))
    assert "https://www.recaptcha.net/recaptcha/" in csp["script-src"]
    assert "https://www.gstatic.com/recaptcha/" in csp["script-src"]
    assert csp["frame-src"] == ["https://www.recaptcha.net/recaptcha/"]
    assert not {"'unsafe-inline'", "'unsafe-eval'"} & set(csp["script-src"])


@pytest.mark.django_db
def test_the_wagtail_admin_is_left_without_the_public_policy(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "e@example.com", "x"))
    assert "Content-Security-Policy" not in client.get("/admin/")


@pytest.mark.django_db
def test_the_editors_preview_panel_may_frame_a_preview_but_nobody_else_may(client, django_user_model):
    """The admin shows previews in an iframe of its own; the public copy of the page stays unframeable."""
    post = make_post(make_blog(), "Knee pain")
    client.force_login(django_user_model.objects.create_superuser("editor", "e@example.com", "x"))
    shown = preview(client, f"/admin/pages/{post.pk}/edit/preview/", post_form_data("Knee pain, revised"))
    assert shown.status_code == 200 and b"Knee pain, revised" in shown.content
    assert policy(shown)["frame-ancestors"] == ["'self'"]
    assert policy(shown)["script-src"] == ["'self'"]
    assert shown["X-Frame-Options"] == "SAMEORIGIN"
    assert policy(client.get(post.url))["frame-ancestors"] == ["'none'"]


def test_public_templates_hold_no_inline_script_or_style():
    """Every <script> has a src (or is JSON-LD data, which browsers never run); no <style>, style="" or on*=."""
    offences = []
    for template in TEMPLATES.rglob("*.html"):
        if {"emails", "admin"} & set(template.relative_to(TEMPLATES).parts):
            continue  # e-mails are not web pages; the admin's templates follow Wagtail's
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/ld+json" not in tag:
                offences.append(f"{template.name}: {tag}")
        offences += [f"{template.name}: {found}" for found in re.findall(r"<style\b|\sstyle=|\son[a-z]+=", text)]
    json_ld = (Path(settings.BASE_DIR) / "home" / "templatetags" / "seo_tags.py").read_text()
    assert '<script type="application/ld+json">' in json_ld
    assert offences == []


def test_passwords_need_length_and_must_not_be_common_but_need_no_mix_of_characters():
    validate_password("correct horse battery staple")
    validate_password("739184620573")  # twelve digits: allowed, no composition rules
    with pytest.raises(ValidationError):
        validate_password("short-pass")
    with pytest.raises(ValidationError):
        validate_password("password1234")  # on the common-password list


def run_under_production(*args, **environ):
    env = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENV and key != "REDIS_URL"}
    env.update(DJANGO_SETTINGS_MODULE="bodyzest.settings.production", **environ)
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_nothing_with_production_settings():
    result = run_under_production(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **{
            **PRODUCTION_ENV,
            "SECRET_KEY": "k7#Qz9!vT2@xL5$wR8^pN3&mB6*yH1(cJ4)fD0_gS-only-for-this-test-w1e2r3",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("missing", [*sorted(PRODUCTION_ENV), "REDIS_URL"])
def test_a_missing_variable_stops_start_up_with_one_line_naming_it(missing):
    environ = {**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/0"}
    del environ[missing]
    result = run_under_production("-c", "from django.conf import settings; settings.DEBUG", **environ)
    assert result.returncode == 1
    assert result.stderr.strip() == f"Set the {missing} environment variable."


def test_production_never_runs_with_debug_and_sends_strict_transport_security():
    script = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_HSTS_SECONDS >= 183 * 86400, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY)"
    )
    result = run_under_production(
        "-c",
        script,
        DEBUG="1",
        DJANGO_DEBUG="true",
        SECURE_HSTS_SECONDS="60",
        **{**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/0"},
    )
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "True", "True"], result.stderr


@pytest.mark.django_db
def test_a_server_error_shows_the_friendly_page_and_no_details(client, monkeypatch):
    from blog.models import BlogPage

    post = make_post(make_blog(), "Knee pain")

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail from the settings")

    monkeypatch.setattr(BlogPage, "get_context", broken)
    client.raise_request_exception = False
    response = client.get(post.url)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, something went wrong" in html
    assert "secret detail" not in html and "Traceback" not in html and "RuntimeError" not in html


@pytest.mark.parametrize("variable, value", [("RECAPTCHA_VERSION", "v4"), ("RECAPTCHA_REQUIRED_SCORE", "high")])
def test_a_mistyped_recaptcha_option_stops_start_up_with_one_line_naming_it(variable, value):
    """Not a 500 on the enquiry page for every visitor, found only when someone in pain tries to write."""
    environ = {**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/0", variable: value}
    result = run_under_production("-c", "from django.conf import settings; settings.DEBUG", **environ)
    assert result.returncode == 1
    assert result.stderr.strip().startswith(f"{variable} is {value!r}:")
