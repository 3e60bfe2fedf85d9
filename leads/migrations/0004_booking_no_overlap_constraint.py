"""The bookings' overlap rule as a declared ExclusionConstraint (PostgreSQL only).

Databases migrated before this had the same constraint created by raw SQL (migration 0002
and after every migrate); it is dropped and re-created from the declaration. On SQLite
only the migration state changes: its triggers (0002) stay the guarantee.
"""

import django.contrib.postgres.fields.ranges
import leads.constraints
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('leads', '0003_intake_and_editors_groups'),
    ]

    operations = [
        leads.constraints.AddConstraintOnPostgreSQL(
            model_name='booking',
            constraint=leads.constraints.PostgreSQLExclusionConstraint(condition=models.Q(('status', 'active')), expressions=[(leads.constraints.TsTzRange('start', 'blocked_until', django.contrib.postgres.fields.ranges.RangeBoundary()), '&&')], name='leads_booking_no_overlap', violation_error_message='That time overlaps an active booking.'),
            replaces='leads_booking_no_overlap',
        ),
    ]
