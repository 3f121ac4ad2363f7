"""The "Clinic review" workflow: a physio's draft goes live only when the clinic lead approves."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import WorkflowState

from blog.models import BlogPage
from tests.factories import post_form_data

pytestmark = pytest.mark.django_db


def make_user(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, f"{username}@bodyzest.example", "pass-phrase-123")
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def test_a_physios_post_waits_for_the_clinic_lead_before_it_goes_live(clinic_site, django_user_model):
    blog = clinic_site["blog"]
    physio = make_user(django_user_model, "physio", "Writer")
    lead = make_user(django_user_model, "lead", "Clinic lead")

    assert blog.get_workflow().name == "Clinic review"

    data = post_form_data("Ankle sprains")
    data["action-submit"] = "Submit to Clinic review"
    response = physio.post(f"/admin/pages/add/blog/blogpage/{blog.pk}/", data)
    assert response.status_code == 302

    post = BlogPage.objects.get(slug="ankle-sprains")
    assert not post.live
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(post.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert Client().get("/blog/ankle-sprains/").status_code == 404

    # The physio cannot publish it themselves.
    data["action-publish"] = "Publish"
    physio.post(f"/admin/pages/{post.pk}/edit/", data)
    assert not BlogPage.objects.get(pk=post.pk).live

    task_state = state.current_task_state
    response = lead.post(f"/admin/pages/workflow/action/{post.pk}/approve/{task_state.pk}/", {"comment": "Looks good"})
    assert response.status_code in (200, 302)

    post.refresh_from_db()
    assert post.live
    assert Client().get("/blog/ankle-sprains/").status_code == 200
