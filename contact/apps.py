from django.apps import AppConfig


class ContactConfig(AppConfig):
    verbose_name = "Discovery-visit enquiries"
    name = "contact"
