# Member points and the assessment scheme were built side by side, each from an empty app.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_points"),
        ("assessments", "0001_scheme"),
    ]

    operations = []
