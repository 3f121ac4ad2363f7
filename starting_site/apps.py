from django.apps import AppConfig


class StartingSiteConfig(AppConfig):
    """`manage.py load_clinic_content`: the clinic's starting site, put together from every app's pieces.

    It sits above home, blog and contact (it makes a page of each), so none of them imports another to load it.
    """

    verbose_name = "Starting site"
    name = "starting_site"
