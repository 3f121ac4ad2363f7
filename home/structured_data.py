"""JSON-LD (schema.org) about the clinic and where a page sits in the site.

Plain dicts, built here in Python and written out by the ``json_ld`` template
filter, which escapes them as Django's ``json_script`` does. Properties come
only from what staff entered: a missing phone number is left out rather than
sent empty.
"""

import re

from .seo import site_root_url

SCHEMA = "https://schema.org"
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# A UK postcode, e.g. "SM7 2NN".
POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})\b", re.IGNORECASE)
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap]\.?m\.?)?"
# "...: 8am–7pm", "... 08:00 - 19:00", "... 9.30am to 1pm" at the end of a line.
HOURS = re.compile(rf"{_TIME}\s*(?:-|–|—|to)\s*{_TIME}\s*$", re.IGNORECASE)
DAY_RANGE = re.compile(r"\s*(?:-|–|—|to)\s*", re.IGNORECASE)
DAY_LIST = re.compile(r"\s*(?:,|&|\band\b)\s*", re.IGNORECASE)


def breadcrumb_list(trail):
    """A ``BreadcrumbList`` of (name, absolute url) pairs, from the home page down."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def clinic_reference(clinic, request):
    """The clinic as a ``Physiotherapy`` (a kind of MedicalBusiness), named and linked.

    Enough to say who publishes a post; the home page adds the details. Both
    carry the same ``@id``, so search engines know they are one business.
    """
    root = site_root_url(request)
    return {"@type": "Physiotherapy", "@id": f"{root}/#clinic", "name": clinic.name, "url": f"{root}/"}


def clinic_details(clinic, request, image=None):
    """The clinic in full, from the clinic details setting: for the home page."""
    data = {"@context": SCHEMA, **clinic_reference(clinic, request)}
    if clinic.phone:
        data["telephone"] = clinic.phone
    if clinic.email:
        data["email"] = clinic.email
    if clinic.address_lines:
        data["address"] = postal_address(clinic.address_lines)
    hours = opening_hours_specification(clinic.opening_hours_lines)
    if hours:
        data["openingHoursSpecification"] = hours
    # schema.org has no property for a visit's length or a reply time: those are shown, not sent.
    if clinic.registration_lines:
        data["hasCredential"] = [credential(line) for line in clinic.registration_lines]
    if clinic.insurer_names:
        data["paymentAccepted"] = ", ".join(clinic.insurer_names)
    if image is not None:
        data["image"] = image.url
    return data


def credential(name, category=None):
    """An ``EducationalOccupationalCredential`` (a registration, a qualification), as staff named it."""
    data = {"@type": "EducationalOccupationalCredential", "name": name}
    if category:
        data["credentialCategory"] = category
    return data


def postal_address(lines):
    """A ``PostalAddress`` from the address as staff typed it, one line per row."""
    address = {"@type": "PostalAddress", "addressCountry": "GB"}
    street = []
    for line in lines:
        match = POSTCODE.search(line)
        if match and "postalCode" not in address:
            address["postalCode"] = match.group(1).upper()
            line = (line[: match.start()] + line[match.end() :]).strip(" ,")
        if line:
            street.append(line)
    if street:
        address["streetAddress"] = ", ".join(street)
    return address


def opening_hours_specification(lines):
    """``OpeningHoursSpecification``s for the lines of opening hours that say days and times.

    Understands lines like the setting's help text suggests: "Monday to Friday:
    8am–7pm", "Saturday: 9.30am - 1pm", "Tue & Thu 08:00-20:00". A line it
    cannot read (e.g. "Sunday: closed" or a note) is left out: readers still
    see every line in the footer.
    """
    specifications = []
    for line in lines:
        match = HOURS.search(line)
        days = _days(line[: match.start()]) if match else []
        if not days:
            continue
        opens, closes = _clock(*match.groups()[:3]), _clock(*match.groups()[3:])
        if opens and closes and opens != closes:
            specifications.append(
                {"@type": "OpeningHoursSpecification", "dayOfWeek": days, "opens": opens, "closes": closes}
            )
    return specifications


def _days(text):
    """The days named in "Monday to Friday", "Mon–Wed, Fri" or "Tuesday and Thursday"."""
    days = []
    for part in DAY_LIST.split(text.strip(" :")):
        ends = [_day(name) for name in DAY_RANGE.split(part)]
        if not part or None in ends or len(ends) > 2:
            return []
        first, last = DAYS.index(ends[0]), DAYS.index(ends[-1])
        days += DAYS[first : last + 1] if first <= last else DAYS[first:] + DAYS[: last + 1]
    return days


def _day(name):
    name = name.strip().lower().rstrip(".")
    matches = [day for day in DAYS if len(name) >= 3 and day.lower().startswith(name)]
    return matches[0] if len(matches) == 1 else None


def _clock(hour, minute, meridiem):
    """ "08:00" from ("8", None, "am"); None if it is not a time of day."""
    hour, minute = int(hour), int(minute or 0)
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem.lower().startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"
