"""Starting text for the enquiry page and the privacy notice, loaded by `manage.py load_clinic_content`.

Staff own these pages once they exist. The notice is complete as shipped: words
in braces, such as {clinic email}, show Settings › Clinic details and the
retention setting as they are when the page is shown
(home/templatetags/clinic_tags.py), so the text stays true when those change.
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
        "How we use the information you give us when you ask for a free discovery visit through this "
        "website, who else sees it, how long we keep it, and your rights."
    ),
    "body": """
<h2>Who we are</h2>
<p>{clinic name} is a physiotherapy clinic. We are the controller of the information described in
this notice: we decide why and how it is used, and we are responsible for it under UK data protection
law (the UK GDPR and the Data Protection Act 2018).</p>
<p>To ask about this notice or your information, contact us:</p>
<ul>
<li>Write to: {clinic name}, {clinic address}</li>
<li>Email: {clinic email}</li>
<li>Phone: {clinic phone}</li>
</ul>

<h2>What this notice covers</h2>
<p>The information you give us when you ask for a free discovery visit through this website, and what
the website collects while you use it. If you become a patient, we will tell you how we look after
your clinical records.</p>

<h2>What we collect</h2>
<ul>
<li>Your name, your email address and, if you give it, your phone number.</li>
<li>How you would like us to contact you, the days and times that suit you, and how you heard about
us, if you tell us.</li>
<li>What you would like help with and, if you choose one, the area of your body that is troubling you.
This is information about your health, which the law calls special category data and protects more
strictly.</li>
<li>The date and time you gave your consent.</li>
</ul>
<p>You do not have to give us this information, but without your name, a way to contact you and your
consent we cannot reply to your enquiry.</p>
<p>We do not keep your IP address with your enquiry. The website uses it for up to an hour to limit
how often the form can be sent from one address. Like most websites, our web servers also keep short
technical logs of the pages asked for, which can include your IP address, to keep the website working
and secure.</p>

<h2>Why we use it, and our lawful basis</h2>
<ul>
<li>To reply to your enquiry and arrange your discovery visit. Our lawful basis is that you have asked
us to take steps before you may become a patient (UK GDPR Article 6(1)(b)).</li>
<li>Because your enquiry includes information about your health, we use that information only with
your explicit consent, which you give by ticking the consent box on the form (Article 9(2)(a)).</li>
<li>To protect the form and the website from spam and misuse (the spam check and the logs described
here). Our lawful basis is our legitimate interest in keeping them safe and working (Article
6(1)(f)).</li>
</ul>
<p>We use your enquiry for nothing else: not for marketing, and we never sell it.</p>
<p>You can withdraw your consent at any time by contacting us (see “Who we are”), and we will then
delete your enquiry. This does not affect what we did with your information before you withdrew
it.</p>

<h2>Who sees it</h2>
<ul>
<li>The clinic staff who answer enquiries.</li>
<li>Our email provider, which delivers two emails for each enquiry: one telling our staff who to call
back (your name, how and when to contact you and, if we choose, the area of your body you picked;
never what you wrote), and a confirmation to you.</li>
<li>The company that hosts this website, which stores your enquiry for us.</li>
<li>Google, for the spam check described below.</li>
</ul>
<p>Our email provider and the company that hosts this website handle your information only on our
instructions, under contract, and may not use it for anything else.</p>

<h2>Protecting the form from spam</h2>
<p>The enquiry form uses Google reCAPTCHA to check that a person, not a program, is sending it. When
you start filling in the form, Google receives information about your device and browser and how you use the page,
including your IP address, and may set cookies, for this purpose. Google may process this information
outside the UK, including in the United States. Google's
<a href="https://policies.google.com/privacy">Privacy Policy</a> and
<a href="https://policies.google.com/terms">Terms of Service</a> apply. Google tells us only whether
the check was passed. If the check stops you, phone or email us instead.</p>

<h2>How long we keep it</h2>
<p>We keep your enquiry for {enquiry retention period} after we receive it, then it is deleted
automatically. We delete it sooner if you ask us to. We keep it longer only when we must for a
particular reason, such as a complaint or a legal claim, and only until that is settled. If you become
a patient, what you tell us becomes part of your clinical record, which is kept separately, for as
long as professional and legal guidance requires.</p>

<h2>Your rights</h2>
<p>You have the right to:</p>
<ul>
<li>ask for a copy of the information we hold about you;</li>
<li>have it corrected if it is wrong, or deleted;</li>
<li>ask us to restrict how we use it, or object to how we use it;</li>
<li>receive the information you gave us in a form you can take elsewhere;</li>
<li>withdraw your consent at any time.</li>
</ul>
<p>To make a request, contact us (see “Who we are”). It is free, and we will reply within one
month.</p>
<p>We do not make decisions about you by automated means alone. Google's spam check decides only
whether the form can be sent.</p>

<h2>Complaints</h2>
<p>If you are unhappy with how we have used your information, please tell us first, so we can put it
right. You can also complain to the Information Commissioner's Office (ICO), the UK's data protection
regulator: <a href="https://ico.org.uk/make-a-complaint/">ico.org.uk/make-a-complaint</a>, telephone
0303 123 1113, or write to Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow,
Cheshire SK9 5AF.</p>

<h2>Changes to this notice</h2>
<p>We will update this notice whenever how we use your information changes.</p>
""",
}
