# The Duty catalogue in English and Welsh: a column per language for each text
# (django-modeltranslation, partnerships/translation.py), the English copied from the rows, the
# Welsh read from catalogue/duty_guidance_v1.cy.csv, and the Wales-specific names (health: Local
# Health Boards) set on a catalogue loaded before they were kept.

from django.db import migrations, models

from partnerships import catalogue


def in_both_languages(apps, schema_editor):
    catalogue.add_wales_names(apps)
    catalogue.fill_languages(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0012_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="dutyelement",
            name="description_cy",
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name="dutyelement",
            name="description_en_gb",
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name="dutyelement",
            name="name_cy",
            field=models.CharField(max_length=120, null=True),
        ),
        migrations.AddField(
            model_name="dutyelement",
            name="name_en_gb",
            field=models.CharField(max_length=120, null=True),
        ),
        migrations.AddField(
            model_name="dutyelement",
            name="short_name_cy",
            field=models.CharField(max_length=60, null=True),
        ),
        migrations.AddField(
            model_name="dutyelement",
            name="short_name_en_gb",
            field=models.CharField(max_length=60, null=True),
        ),
        migrations.AddField(
            model_name="dutyrole",
            name="definition_cy",
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name="dutyrole",
            name="definition_en_gb",
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name="dutyrole",
            name="name_cy",
            field=models.CharField(max_length=60, null=True),
        ),
        migrations.AddField(
            model_name="dutyrole",
            name="name_en_gb",
            field=models.CharField(max_length=60, null=True),
        ),
        migrations.AddField(
            model_name="elementaction",
            name="label_cy",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="elementaction",
            name="label_en_gb",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="elementaction",
            name="text_cy",
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="elementaction",
            name="text_en_gb",
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="enabler",
            name="name_cy",
            field=models.CharField(max_length=120, null=True),
        ),
        migrations.AddField(
            model_name="enabler",
            name="name_en_gb",
            field=models.CharField(max_length=120, null=True),
        ),
        migrations.AddField(
            model_name="recommendedpost",
            name="label_cy",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="recommendedpost",
            name="label_en_gb",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="recommendedpost",
            name="post_cy",
            field=models.CharField(max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="recommendedpost",
            name="post_en_gb",
            field=models.CharField(max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="recommendedpost",
            name="text_cy",
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name="recommendedpost",
            name="text_en_gb",
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name="reflectivequestion",
            name="question_cy",
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name="reflectivequestion",
            name="question_en_gb",
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name="reflectivequestion",
            name="theme_cy",
            field=models.CharField(max_length=100, null=True),
        ),
        migrations.AddField(
            model_name="reflectivequestion",
            name="theme_en_gb",
            field=models.CharField(max_length=100, null=True),
        ),
        migrations.AddField(
            model_name="sector",
            name="benefits_intro_cy",
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="sector",
            name="benefits_intro_en_gb",
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="sector",
            name="description_cy",
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name="sector",
            name="description_en_gb",
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name="sector",
            name="duty_holder_cy",
            field=models.CharField(blank=True, max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="sector",
            name="duty_holder_en_gb",
            field=models.CharField(blank=True, max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="sector",
            name="duty_holder_wales",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="sector",
            name="duty_holder_wales_cy",
            field=models.CharField(blank=True, max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="sector",
            name="duty_holder_wales_en_gb",
            field=models.CharField(blank=True, max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="sector",
            name="example_text_cy",
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="sector",
            name="example_text_en_gb",
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="sector",
            name="example_title_cy",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="sector",
            name="example_title_en_gb",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="sector",
            name="name_cy",
            field=models.CharField(max_length=120, null=True),
        ),
        migrations.AddField(
            model_name="sector",
            name="name_en_gb",
            field=models.CharField(max_length=120, null=True),
        ),
        migrations.AddField(
            model_name="sector",
            name="short_name_cy",
            field=models.CharField(max_length=60, null=True),
        ),
        migrations.AddField(
            model_name="sector",
            name="short_name_en_gb",
            field=models.CharField(max_length=60, null=True),
        ),
        migrations.AddField(
            model_name="sectorbenefit",
            name="text_cy",
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name="sectorbenefit",
            name="text_en_gb",
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name="sectorbenefit",
            name="title_cy",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="sectorbenefit",
            name="title_en_gb",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="waytoengage",
            name="label_cy",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="waytoengage",
            name="label_en_gb",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="waytoengage",
            name="text_cy",
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name="waytoengage",
            name="text_en_gb",
            field=models.TextField(null=True),
        ),
        migrations.RunPython(in_both_languages, migrations.RunPython.noop),
    ]
