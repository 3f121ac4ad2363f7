"""The staff roles: what each of the clinic's three groups may open in the admin, and what it may not.

One login per role, each in one group only, on the site as `make run` loads it.
"Allowed" is the admin page itself (200); "refused" is Wagtail sending them away
(to the dashboard with "Sorry, you do not have permission", or to the sign-in page).
"""

import pytest
from django.contrib.auth.models import Group, User
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import GroupApprovalTask, Page, Site, Workflow

from blog.models import Author, BlogCategory, BlogPage
from contact.models import Enquiry, EnquiryPage
from home.models import StandardPage
from tests.contact.helpers import make_enquiry
from tests.factories import make_image, signed_in

pytestmark = pytest.mark.django_db

WRITER, LEAD, RECEPTION = "Writer", "Clinic lead", "Reception"
ROLES = (WRITER, LEAD, RECEPTION)
EVERYONE = set(ROLES)

INBOX = "/admin/enquiries/"

# (what staff would call it, address, the roles allowed). {names} come from the `things` fixture.
MATRIX = [
    ("admin dashboard", "/admin/", EVERYONE),
    ("enquiry inbox", INBOX, {LEAD, RECEPTION}),
    ("an enquiry", INBOX + "edit/{enquiry}/", {LEAD, RECEPTION}),
    ("enquiries as CSV", INBOX + "?export=csv", {LEAD, RECEPTION}),
    ("enquiries as XLSX", INBOX + "?export=xlsx", {LEAD, RECEPTION}),
    ("delete an enquiry", INBOX + "delete/{enquiry}/", {LEAD, RECEPTION}),
    ("an enquiry's history", INBOX + "history/{enquiry}/", {LEAD, RECEPTION}),
    ("find a person", "/admin/people/", {LEAD, RECEPTION}),
    ("everything held about a person", "/admin/people/enquiry/{enquiry}/", {LEAD, RECEPTION}),
    ("keep an enquiry past its deletion date", "/admin/people/keep/{enquiry}/", {LEAD, RECEPTION}),
    ("clinic details", "/admin/settings/home/clinicdetails/{site}/", {LEAD}),
    ("where enquiry notifications go", "/admin/settings/contact/enquirynotifications/{site}/", {LEAD}),
    ("redirects", "/admin/redirects/", {LEAD}),
    ("add a redirect", "/admin/redirects/add/", {LEAD}),
    ("edit a redirect", "/admin/redirects/{redirect}/", {LEAD}),
    ("authors", "/admin/snippets/blog/author/", {WRITER, LEAD}),
    ("add an author", "/admin/snippets/blog/author/add/", {WRITER, LEAD}),
    ("edit an author", "/admin/snippets/blog/author/edit/{author}/", {WRITER, LEAD}),
    ("delete an author", "/admin/snippets/blog/author/delete/{author}/", {LEAD}),
    ("categories", "/admin/snippets/blog/blogcategory/", {WRITER, LEAD}),
    ("add a category", "/admin/snippets/blog/blogcategory/add/", {WRITER, LEAD}),
    ("edit a category", "/admin/snippets/blog/blogcategory/edit/{category}/", {WRITER, LEAD}),
    ("delete a category", "/admin/snippets/blog/blogcategory/delete/{category}/", {LEAD}),
    ("images", "/admin/images/", {WRITER, LEAD}),
    ("upload images", "/admin/images/multiple/add/", {WRITER, LEAD}),
    ("edit an image", "/admin/images/{image}/", {WRITER, LEAD}),
    ("staff logins", "/admin/users/", {LEAD}),
    ("add a staff login", "/admin/users/new/", {LEAD}),
    ("edit a staff login", "/admin/users/edit/{reception_user}/", {LEAD}),
    ("edit the home page", "/admin/pages/{home}/edit/", {LEAD}),
    ("edit a standard page (privacy notice)", "/admin/pages/{privacy}/edit/", {LEAD}),
    ("edit the blog index", "/admin/pages/{blog}/edit/", {WRITER, LEAD}),
    ("edit a post", "/admin/pages/{post}/edit/", {WRITER, LEAD}),
    ("write a new post", "/admin/pages/add/blog/blogpage/{blog}/", {WRITER, LEAD}),
    ("edit the enquiry page", "/admin/pages/{enquiry_page}/edit/", {LEAD}),
]

# The page types whose publishing is checked: (name in `things`, who may publish).
PUBLISHING = [
    ("home", {LEAD}),
    ("privacy", {LEAD}),
    ("blog", {LEAD}),
    ("post", {LEAD}),
    ("enquiry_page", {LEAD}),
]


@pytest.fixture
def things(clinic_site):
    """One of everything the matrix opens, on the clinic's starting site."""
    enquiry_page = EnquiryPage.objects.get()
    return {
        "home": clinic_site["home"].pk,
        "blog": clinic_site["blog"].pk,
        "post": BlogPage.objects.first().pk,
        "privacy": StandardPage.objects.get(slug="privacy").pk,
        "enquiry_page": enquiry_page.pk,
        "enquiry": make_enquiry(enquiry_page, full_name="Pat Private").pk,
        "site": Site.objects.get(is_default_site=True).pk,
        "redirect": Redirect.objects.create(old_path="/old-page", redirect_link="/blog/").pk,
        "author": Author.objects.get().pk,
        "category": BlogCategory.objects.get().pk,
        "image": make_image().pk,
        "reception_user": User.objects.create_user("front-desk", "desk@bodyzest.example", "x-long-pass").pk,
    }


def outcome(response):
    if response.status_code == 200:
        return "allowed"
    # Wagtail sends a refused member of staff to the dashboard, anyone without admin access to sign in.
    sent_away = response.status_code == 302 and (
        response["Location"] == "/admin/" or response["Location"].startswith("/admin/login/")
    )
    if sent_away or response.status_code == 403:
        return "refused"
    raise AssertionError(f"neither allowed nor refused: {response.status_code}")


def test_each_role_opens_exactly_what_its_job_needs(things):
    """The whole table at once, so a failure shows every cell that differs."""
    clients = {role: signed_in(role) for role in ROLES}
    expected, seen = {}, {}
    for what, address, allowed in MATRIX:
        for role in ROLES:
            response = clients[role].get(address.format(**things))
            expected[what, role] = "allowed" if role in allowed else "refused"
            seen[what, role] = outcome(response)
            if role not in allowed:
                assert b"Pat Private" not in response.content, (what, role)
    assert seen == expected


def test_only_the_clinic_lead_puts_a_change_live(things):
    """A draft waits on each page type: the admin's Publish action puts it live for the clinic lead only."""
    clients = {role: signed_in(role) for role in ROLES}
    expected, seen = {}, {}
    for page, allowed in PUBLISHING:
        for role in (WRITER, RECEPTION, LEAD):  # the clinic lead last: their publish ends the test's draft
            draft = Page.objects.get(pk=things[page]).specific
            draft.title = f"Changed by {role}"
            draft.save_revision()
            clients[role].post(f"/admin/bulk/wagtailcore/page/publish/?id={draft.pk}")
            expected[page, role] = role in allowed
            seen[page, role] = Page.objects.get(pk=draft.pk).title == f"Changed by {role}"
    assert seen == expected


def test_only_people_who_answer_enquiries_can_delete_one(things):
    enquiry = things["enquiry"]
    signed_in(WRITER).post(f"{INBOX}delete/{enquiry}/")
    assert Enquiry.objects.filter(pk=enquiry).exists()
    signed_in(RECEPTION).post(f"{INBOX}delete/{enquiry}/")
    assert not Enquiry.objects.filter(pk=enquiry).exists()


def test_a_writer_adds_a_new_person_under_snippets_authors(things):
    response = signed_in(WRITER).post(
        "/admin/snippets/blog/author/add/", {"name": "Jo Physio", "slug": "", "role": "Physiotherapist", "bio": ""}
    )
    assert response.status_code == 302
    assert Author.objects.filter(name="Jo Physio").exists()


def test_the_clinic_lead_gives_someone_a_login_with_one_group(things):
    response = signed_in(LEAD).post(
        "/admin/users/new/",
        {
            "username": "new-physio",
            "email": "physio@bodyzest.example",
            "first_name": "New",
            "last_name": "Physio",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
            "groups": [Group.objects.get(name=WRITER).pk],
        },
    )
    assert response.status_code == 302
    new = User.objects.get(username="new-physio")
    assert list(new.groups.values_list("name", flat=True)) == [WRITER]
    assert not new.is_superuser


def test_the_clinic_lead_cannot_make_or_take_over_an_administrator(things):
    """An administrator sees everything: a clinic lead making one would step outside their role."""
    lead = signed_in(LEAD)
    admin = User.objects.create_superuser("owner", "owner@bodyzest.example", "a-long-pass-phrase-2")
    response = lead.post(
        "/admin/users/new/",
        {
            "username": "second-lead",
            "email": "lead2@bodyzest.example",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
            "is_superuser": "on",
            "groups": [Group.objects.get(name=LEAD).pk],
        },
        follow=True,
    )
    assert "Only an administrator can make or change an administrator" in response.content.decode()
    assert not User.objects.filter(username="second-lead").exists()

    lead.post(f"/admin/users/edit/{admin.pk}/", {"username": "owner", "email": "lead@elsewhere.example"})
    admin.refresh_from_db()
    assert admin.email == "owner@bodyzest.example"
    refused = lead.get(f"/admin/users/edit/{admin.pk}/", follow=True).content.decode()
    assert "Only an administrator can make or change an administrator" in refused

    staff = User.objects.get(pk=things["reception_user"])
    lead.post(
        f"/admin/users/edit/{staff.pk}/",
        {"username": staff.username, "email": staff.email, "is_active": "on", "is_superuser": "on"},
    )
    staff.refresh_from_db()
    assert not staff.is_superuser


def test_every_page_change_goes_to_clinic_review_which_the_clinic_lead_answers(things):
    """No page waits on an approval step nobody is in (Wagtail's empty "Moderators" was one)."""
    lead = User.objects.create_user("lead", "lead@bodyzest.example", "a-long-pass-phrase")
    lead.groups.add(Group.objects.get(name=LEAD))
    for name in ("home", "privacy", "blog", "post", "enquiry_page"):
        page = Page.objects.get(pk=things[name])
        workflow = page.get_workflow()
        assert workflow.name == "Clinic review", name
        for task in workflow.tasks.all():
            assert lead in User.objects.filter(groups__in=task.specific.groups.all()), (name, task.name)
    for task in GroupApprovalTask.objects.filter(active=True, workflow_tasks__workflow__active=True):
        assert task.groups.filter(name=LEAD).exists(), task.name


def test_each_login_needs_only_one_group_and_wagtails_unused_groups_are_gone(db):
    assert set(Group.objects.values_list("name", flat=True)) == set(ROLES)
    assert Workflow.objects.filter(name="Clinic review", active=True).exists()
