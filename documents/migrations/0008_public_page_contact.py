# Where the public writes to about a published strategy: a team's mailbox.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0007_bilingual_exports"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalpublicpage",
            name="contact_email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="contact email"),
        ),
        migrations.AddField(
            model_name="publicpage",
            name="contact_email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="contact email"),
        ),
    ]
