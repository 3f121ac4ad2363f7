"""The discovery-visit enquiry lives here (see the enquiry issue)."""
