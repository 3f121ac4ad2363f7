"""Starting text for the enquiry page and the privacy notice, loaded by `manage.py load_clinic_content`.

Staff own these pages once they exist: the loader never changes them again.
The privacy notice is a draft for the clinic's data protection lead to review,
and says so; square brackets mark what only the clinic can fill in.
"""

ENQUIRY_PAGE = {
    "title": "Book a free discovery visit",
    "heading": "Book a free discovery visit",
    "search_description": "Ask for a free discovery visit at Body Zest physiotherapy in Banstead, Surrey.",
    "introduction": (
        "<p>Tell us a little about what is troubling you and when suits you, and one of our "
        "physiotherapists will get in touch to arrange your free discovery visit: a chance to talk "
        "about your symptoms and your goals, with no obligation to book treatment.</p>"
        "<p>This form is not for emergencies. If you need urgent medical help, call NHS 111, "
        "or 999 in an emergency.</p>"
    ),
    "thank_you_heading": "Thank you, we have your enquiry",
    "thank_you_text": (
        "<p>One of our physiotherapists will read your enquiry and contact you in the way you asked, "
        "to arrange a time for your free discovery visit.</p>"
        "<p>We have also sent a confirmation to your email address. If you cannot see it, check your "
        "spam or junk folder.</p>"
    ),
}

PRIVACY_NOTICE = {
    "title": "Privacy notice",
    "introduction": (
        "Draft for staff to review: the clinic's data protection lead must check and complete this "
        "notice (the parts in square brackets) before the website goes live."
    ),
    "body": """
<h2>Who we are</h2>
<p>Body Zest is a physiotherapy clinic in Banstead, Surrey. We are responsible, as the controller,
for the personal information described in this notice. You can contact us using the details at the
foot of every page. [Staff: add the clinic's legal name, postal address, ICO registration number
and who to contact about data protection.]</p>

<h2>What this notice covers</h2>
<p>How we use the information you give us when you ask for a free discovery visit through this
website. [Staff: link to, or add, how the clinic handles patient records.]</p>

<h2>What we collect</h2>
<ul>
<li>Your name, your email address and, if you give it, your phone number.</li>
<li>How and when you would like us to contact you, and how you heard about us.</li>
<li>What you would like help with and the area of your body that is troubling you. This is
information about your health, which UK GDPR calls special category data.</li>
<li>When you gave your consent.</li>
</ul>
<p>We do not keep your IP address with your enquiry. The website uses it briefly to limit how often
the form can be sent, to protect against spam.</p>

<h2>Why we use it, and our lawful basis</h2>
<p>We use your information only to reply to your enquiry and arrange your discovery visit. Under
UK GDPR our lawful basis is that you have asked us to take steps before you may become a patient
(Article 6(1)(b)). Because your enquiry includes health information, we also ask for your explicit
consent to use it for this purpose (Article 9(2)(a)). [Staff: confirm these with your data
protection lead.]</p>
<p>You can withdraw your consent at any time by contacting us. This does not affect what we did
with your information before you withdrew it.</p>

<h2>Who sees it</h2>
<p>Only the clinic staff who answer enquiries. Companies that host this website and send our email
handle it on our behalf, under contract, and may not use it for anything else. [Staff: name these
providers and where they keep data.] We do not sell your information or use it for marketing.</p>

<h2>Protecting the form from spam</h2>
<p>The enquiry form uses Google reCAPTCHA to check that a person is sending it. Google receives
information about your device and how you use the page for this purpose. Google's
<a href="https://policies.google.com/privacy">Privacy Policy</a> and
<a href="https://policies.google.com/terms">Terms of Service</a> apply.</p>

<h2>How long we keep it</h2>
<p>We delete enquiries 12 months after we receive them. If you become a patient, your clinical
records are kept separately, for as long as professional guidance requires.</p>

<h2>Your rights</h2>
<p>You have the right to ask for a copy of your information, to have it corrected or deleted, to
restrict or object to how we use it, and to withdraw your consent. Contact us to make a request; we
will reply within one month.</p>
<p>If you are unhappy with how we have used your information, please tell us first. You can also
complain to the Information Commissioner's Office at
<a href="https://ico.org.uk/make-a-complaint/">ico.org.uk</a>.</p>

<p>[Staff: add the date this notice was last reviewed.]</p>
""",
}
