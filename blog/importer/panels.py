"""The imported post's warnings in its editor, until staff have dealt with them."""

from wagtail.admin.panels import FieldPanel


class ImportWarningsPanel(FieldPanel):
    """``import_warnings``, shown only while there is something to read.

    Dismissing is Django's own mechanism: staff delete the text and save, and
    the panel is gone from the next edit. Nothing to dismiss, nothing shown.
    """

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            return bool(self.instance.import_warnings) and super().is_shown()
