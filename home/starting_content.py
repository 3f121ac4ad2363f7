"""Starting text for the accessibility statement, loaded by `manage.py load_clinic_content`.

Staff own the page once it exists. Words in braces, such as {clinic phone},
show Settings › Clinic details as they are when the page is shown
(home/templatetags/clinic_tags.py).
"""

ACCESSIBILITY_STATEMENT = {
    "title": "Accessibility statement",
    "introduction": ("How accessible this website is, what to do if you find it hard to use, and how we test it."),
    "body": """
<h2>Using this website</h2>
<p>This website is run by {clinic name}. We want as many people as possible to be able to use it. For
example, you should be able to:</p>
<ul>
<li>zoom in up to 400% without the text spilling off the screen, and make the text twice as large
without anything being cut off;</li>
<li>use the whole website, including the enquiry form, with a keyboard alone;</li>
<li>use it with a screen reader: pages have headings, landmarks, labelled form fields, and text
describing their pictures.</li>
</ul>
<p>AbilityNet has <a href="https://mcmw.abilitynet.org.uk/">advice on making your device easier to
use</a> if you have a disability.</p>

<h2>How accessible this website is</h2>
<p>We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. We know of
one part that may be hard to use: the enquiry form's spam check, Google reCAPTCHA, is made by Google,
and its picture puzzles can be difficult with some assistive technology. If it stops you, phone or
email us instead.</p>

<h2>Feedback and contact information</h2>
<p>If you need information on this website in a different format, such as large print, or you find a
problem not listed on this page, contact us:</p>
<ul>
<li>Phone: {clinic phone}</li>
<li>Email: {clinic email}</li>
</ul>
<p>Tell us the address of the page and what went wrong. We will consider your request and get back to
you as soon as we can.</p>

<h2>Enforcement</h2>
<p>As a private clinic, we are not covered by the Public Sector Bodies (Websites and Mobile
Applications) (No. 2) Accessibility Regulations 2018, which the Equality and Human Rights Commission
enforces for public bodies, but we follow the same standard. The Equality Act 2010 asks us to make
reasonable adjustments for disabled people. If you are not happy with how we respond to your
complaint, contact the
<a href="https://www.equalityadvisoryservice.com/">Equality Advisory and Support Service (EASS)</a>.</p>

<h2>How we test this website</h2>
<p>Each version of this website is tested before it is released. The pages it ships with (the home
page, the blog and its posts, search, the enquiry form as it is first shown, with mistakes and when
sent, the privacy notice and this statement) are checked automatically against WCAG 2.2 A and AA with
axe, at phone and desktop widths; for sideways scrolling at 320 and 375 pixels wide, with text at its
usual size and at 200%; and for visible keyboard focus and the size of buttons and links. The enquiry
form is also filled in using only a keyboard. Staff writing new pages can check them with the
accessibility checker built into the editing tools.</p>

<h2>Preparation of this statement</h2>
<p>This statement was prepared on 1 December 2026.</p>
""",
}
