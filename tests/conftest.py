"""Fixtures shared by the whole suite."""

import importlib
import os
import sqlite3
import threading

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection, transaction
from django.test.testcases import LiveServerThread

TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_serialized_rollback"}


def is_transactional(item):
    marker = item.get_closest_marker("django_db")
    flagged = marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("serialized_rollback"))
    return bool(flagged) or bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


class OneAppCallAtATimeServer(ThreadedWSGIServer):
    """pytest-django's live server, running the site for one request at a time.

    Django's threaded live server hands every request thread the test's own
    database connection (an in-memory SQLite database cannot be opened twice).
    Two requests at once, such as the editor's preview and Wagtail's autosave,
    then share one connection and break its transactions ("database table is
    locked", "pop from empty list"). Connections are still read in their own
    threads (a browser's idle spare connection blocks nothing); only the site
    itself, from the request to the last byte of its response, runs one at a time.
    """

    def set_app(self, application):
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            lock.acquire()
            try:
                response = application(environ, start_response)
            except BaseException:
                lock.release()
                raise
            return _ReleaseOnClose(response, lock)

        super().set_app(one_at_a_time)


class _ReleaseOnClose:
    """A WSGI response that lets the next request in once the server has closed it."""

    def __init__(self, response, lock):
        self.response, self.lock = response, lock

    def __iter__(self):
        return iter(self.response)

    def close(self):
        try:
            if hasattr(self.response, "close"):
                self.response.close()
        finally:
            self.lock.release()


LiveServerThread.server_class = OneAppCallAtATimeServer


def pytest_collection_modifyitems(items):
    """Run the tests that commit (live server, transactional) after all the others, browser tests last.

    pytest-django orders committing tests last, but pytest's own regrouping by
    parametrized fixtures (the browser's name) can pull them forward; their
    database flush would then remove what Wagtail's migrations made from under
    later tests. Browser tests go at the very end: Playwright's sync API leaves
    an event loop in the thread, and Django refuses ORM calls beside one.
    Within a module, the tests on the clinic's site come first, so they share
    one load of it (`clinic_site`).
    """
    modules = {}
    for item in items:
        modules.setdefault(item.module, len(modules))
    items.sort(
        key=lambda item: (
            is_transactional(item),
            "browser" in getattr(item, "fixturenames", ()),
            modules[item.module],
            not shares_clinic_site(item),
        )
    )


@pytest.fixture(autouse=True)
def wagtail_foundations(request):
    """After a committing test's flush, remake what Wagtail's migrations made.

    A flush empties every table, including the page tree's root, the default
    locale, the root image collection and the staff roles; the next
    committing test needs them as a migrated database has them.
    """
    if TRANSACTIONAL_FIXTURES & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
        restore_wagtail_foundations()


def restore_wagtail_foundations():
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if not Page.get_first_root_node():
        Page.add_root(instance=Page(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)))
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    # The staff roles and "Clinic review" (starting_site's migration, run again with the real models).
    importlib.import_module("starting_site.migrations.0001_staff_roles").make_roles(django_apps)


class ClinicContentSnapshot:
    """The database right after a committing test's first load of the clinic's content, to copy back for the next.

    A load makes pages, revisions and settings through Wagtail (~0.4 s); some
    80 committing tests (browser, Varnish) start from it. On the in-memory
    SQLite database of `make test`, SQLite's backup API copies the snapshot
    back whole in milliseconds, into a database that is exactly what the
    flush and ``restore_wagtail_foundations`` left (else, and on PostgreSQL, it loads).
    """

    snapshots = {}  # by the address the site is served at (the loader's Site takes it from the settings)

    @classmethod
    def load(cls):
        key, copyable = settings.WAGTAILADMIN_BASE_URL, cls.copyable()
        if copyable and key in cls.snapshots:
            cls.snapshots[key].backup(connection.connection)
            ContentType.objects.clear_cache()  # the ids are the snapshot's
            cache.clear()
            return
        call_command("load_clinic_content", stdout=open(os.devnull, "w"))
        if copyable:
            cls.snapshots[key] = sqlite3.connect(":memory:")
            connection.connection.backup(cls.snapshots[key])

    @staticmethod
    def copyable():
        """In-memory SQLite, outside any transaction, holding only what a flush and the foundations leave."""
        from django.contrib.auth import get_user_model
        from wagtail.images import get_image_model
        from wagtail.models import Page

        if connection.vendor != "sqlite" or not connection.is_in_memory_db() or connection.in_atomic_block:
            return False
        connection.ensure_connection()
        return (
            Page.objects.count() == 1
            and not get_user_model().objects.exists()
            and not get_image_model().objects.exists()
        )


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters and Wagtail's lookups live in the cache, which outlives a test's database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def no_google(settings):
    """No test reaches Google: without the `siteverify` fixture, verify calls hit a closed port."""
    settings.RECAPTCHA_DOMAIN = "localhost:9"


@pytest.fixture(scope="session")
def siteverify_server(tmp_path_factory):
    from tests.fake_siteverify import FakeSiteverify, make_self_signed_certificate

    cert, key = make_self_signed_certificate(tmp_path_factory.mktemp("siteverify"))
    server = FakeSiteverify(cert, key)
    yield server
    server.stop()


@pytest.fixture
def siteverify(siteverify_server, settings, monkeypatch):
    """Send this test's reCAPTCHA checks to the local fake, which says "success" until told otherwise."""
    siteverify_server.reset()
    settings.RECAPTCHA_DOMAIN = siteverify_server.domain
    monkeypatch.setenv("SSL_CERT_FILE", str(siteverify_server.cert))
    for name in ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    return siteverify_server


def shares_clinic_site(item):
    return "clinic_site" in getattr(item, "fixturenames", ()) and not is_transactional(item)


class SharedClinicSite:
    """The transaction holding one load of the clinic's content, while tests share it."""

    atomic = None
    blocker = None

    @classmethod
    def end(cls):
        if cls.atomic is not None:
            with cls.blocker.unblock():
                transaction.set_rollback(True)
                cls.atomic.__exit__(None, None, None)
            cls.atomic = None


@pytest.fixture(scope="module")
def _module_clinic_site(request, django_db_setup, django_db_blocker):
    """Load the clinic's content once for a module's tests, as Django's `setUpTestData` does.

    A load costs ~0.7 s and most of the suite's tests start from it. It is made
    inside a transaction that each test's own transaction nests in (a
    savepoint), so every test still starts from exactly what `make run` loads,
    and what it changes is rolled back. The load ends with the module, or as
    soon as the next test does not start from it (pytest_runtest_teardown).
    """
    if shares_clinic_site(request._pyfuncitem):
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic._from_testcase = True  # so `atomic(durable=True)` works inside, as in a TestCase
            atomic.__enter__()
            SharedClinicSite.atomic, SharedClinicSite.blocker = atomic, django_db_blocker
            call_command("load_clinic_content", stdout=open("/dev/null", "w"))
    yield
    SharedClinicSite.end()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """End the shared load before a test that does not start from it (after this test's own rollback)."""
    result = yield
    if nextitem is None or nextitem.module is not item.module or not shares_clinic_site(nextitem):
        SharedClinicSite.end()
    return result


@pytest.fixture
def clinic_site(_module_clinic_site, request, db):
    """The clinic's starting site, exactly as `make run` loads it."""
    if SharedClinicSite.atomic is None or not shares_clinic_site(request.node):
        ClinicContentSnapshot.load()
    from blog.models import BlogIndexPage
    from home.models import HomePage

    return {"home": HomePage.objects.get(), "blog": BlogIndexPage.objects.get()}
