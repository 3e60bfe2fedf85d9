"""Seed the one site-settings record with the values that were constants in mindlab/site.py.

The values are written out here (HTML included), not imported: a later change to the
defaults in code must not change what this migration did.
"""

from django.db import migrations

SEED = {'organisation_name': 'MindLAB Neuroscience',
 'organisation_description': 'Neuroscience for people who lead',
 'contact_email': 'hello@mindlabneuroscience.com',
 'cta_heading': 'Book a Strategy Call',
 'cta_text': 'Thirty minutes with the MindLAB team to look at what you are facing and whether a '
             'neuroscience-based programme fits it. No preparation needed.',
 'cta_button': 'Book a Strategy Call',
 'default_disclaimer': 'This article is written for general education about the brain and '
                       'behaviour. It is not medical or psychological advice, and reading it does '
                       'not create a clinical relationship. If you are concerned about your '
                       'health, speak with a qualified professional who knows your situation.',
 'privacy_notice': '## Who we are\n'
                   '\n'
                   'MindLAB Neuroscience is responsible for the personal data you give us through '
                   'this site.\n'
                   'Questions about it, or a request to see, correct or delete your data: write to '
                   'us at the\n'
                   'contact address below.\n'
                   '\n'
                   '## What we collect when you book a strategy call\n'
                   '\n'
                   '- your name and email address, and if you give them your phone number and role '
                   'or organisation;\n'
                   '- what you would like to address and when would suit you;\n'
                   '- the time zone you chose, the page you came from and campaign tags in its '
                   'link;\n'
                   '- the wording and version of the consent you gave, and when.\n'
                   '\n'
                   'We ask you not to include medical details.\n'
                   '\n'
                   '## Why, and for how long\n'
                   '\n'
                   'We use these details only to arrange and hold your call and to follow up on '
                   'it. We do not\n'
                   'sell or share them, and we send you updates only if you ask for them. Requests '
                   'that do not\n'
                   'lead to working together are anonymised after a year.\n'
                   '\n'
                   '## Your rights\n'
                   '\n'
                   'You may ask to see, correct or delete your data, object to its use, or '
                   'withdraw your\n'
                   'consent at any time; you may also complain to your data-protection '
                   'authority.\n',
 'privacy_version': '2026-12',
 'cta_html': '<p>Thirty minutes with the MindLAB team to look at what you are facing and whether a '
             'neuroscience-based programme fits it. No preparation needed.</p>\n',
 'privacy_html': '<h2>Who we are</h2>\n'
                 '<p>MindLAB Neuroscience is responsible for the personal data you give us through '
                 'this site.\n'
                 'Questions about it, or a request to see, correct or delete your data: write to '
                 'us at the\n'
                 'contact address below.</p>\n'
                 '<h2>What we collect when you book a strategy call</h2>\n'
                 '<ul>\n'
                 '<li>your name and email address, and if you give them your phone number and role '
                 'or organisation;</li>\n'
                 '<li>what you would like to address and when would suit you;</li>\n'
                 '<li>the time zone you chose, the page you came from and campaign tags in its '
                 'link;</li>\n'
                 '<li>the wording and version of the consent you gave, and when.</li>\n'
                 '</ul>\n'
                 '<p>We ask you not to include medical details.</p>\n'
                 '<h2>Why, and for how long</h2>\n'
                 '<p>We use these details only to arrange and hold your call and to follow up on '
                 'it. We do not\n'
                 'sell or share them, and we send you updates only if you ask for them. Requests '
                 'that do not\n'
                 'lead to working together are anonymised after a year.</p>\n'
                 '<h2>Your rights</h2>\n'
                 '<p>You may ask to see, correct or delete your data, object to its use, or '
                 'withdraw your\n'
                 'consent at any time; you may also complain to your data-protection '
                 'authority.</p>\n'}


def seed(apps, schema_editor):
    SiteSettings = apps.get_model("mindlab", "SiteSettings")
    if SiteSettings.objects.filter(pk=1).exists():
        return
    SiteSettings.objects.create(pk=1, **SEED)


class Migration(migrations.Migration):
    dependencies = [("mindlab", "0001_site_settings")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
