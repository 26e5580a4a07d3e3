# An export may be Welsh and English in one file.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0006_public_pages"),
    ]

    operations = [
        migrations.AlterField(
            model_name="exportjob",
            name="language",
            field=models.CharField(
                choices=[
                    ("en-gb", "English"),
                    ("cy", "Cymraeg"),
                    ("cy-en", "Cymraeg a Saesneg (Welsh and English)"),
                ],
                default="en-gb",
                max_length=8,
                verbose_name="language",
            ),
        ),
        migrations.AlterField(
            model_name="historicalexportjob",
            name="language",
            field=models.CharField(
                choices=[
                    ("en-gb", "English"),
                    ("cy", "Cymraeg"),
                    ("cy-en", "Cymraeg a Saesneg (Welsh and English)"),
                ],
                default="en-gb",
                max_length=8,
                verbose_name="language",
            ),
        ),
    ]
