"""The common aggregate measures partnerships ask for in an SNA's data calls."""

from django.db import migrations

MEASURES = [
    (
        "hospital-admissions-sharp-object",
        "Hospital admissions for assault with a sharp object",
        "admissions",
        "health",
        "Finished admission episodes with an external cause of assault by sharp object (ICD-10 X99), "
        "counted by the patient's area of residence.",
        "Hospital Episode Statistics (NHS England) / Patient Episode Database for Wales",
    ),
    (
        "knife-offensive-weapon-offences",
        "Knife and offensive-weapon offences",
        "offences",
        "police",
        "Recorded offences of possession of an article with a blade or point, possession of an "
        "offensive weapon and threats with either.",
        "Police recorded crime",
    ),
    (
        "violence-with-injury",
        "Violence with injury",
        "offences",
        "police",
        "Recorded offences in the Home Office 'violence with injury' subcategory.",
        "Police recorded crime",
    ),
    (
        "deliberate-fires",
        "Deliberate fires",
        "incidents",
        "fire-and-rescue",
        "Primary and secondary fires recorded as deliberate, including vehicle fires.",
        "Fire and rescue incident recording system",
    ),
    (
        "first-time-entrants-youth-justice",
        "First-time entrants to the youth justice system",
        "young people",
        "youth-justice",
        "Children aged 10 to 17 receiving their first caution or conviction.",
        "Youth justice service case management system / Police National Computer extract",
    ),
    (
        "exclusions-and-suspensions",
        "Permanent exclusions and suspensions",
        "pupils",
        "education",
        "Permanent exclusions and suspensions from state-funded schools, by pupils' school location.",
        "School census (Department for Education) / Welsh Government exclusions data",
    ),
    (
        "probation-violent-index-offence",
        "Probation caseload with a violent index offence",
        "people",
        "probation",
        "People supervised on licence or a community sentence whose index offence is violent.",
        "Probation case management system (nDelius)",
    ),
    (
        "ambulance-assault-callouts",
        "Ambulance call-outs for assault",
        "incidents",
        "health",
        "Emergency ambulance incidents coded as assault, stabbing or gunshot.",
        "Ambulance service computer-aided dispatch data",
    ),
]


def add_measures(apps, schema_editor):
    Measure = apps.get_model("assessments", "Measure")
    Sector = apps.get_model("partnerships", "Sector")
    for slug, name, unit, sector, definition, source in MEASURES:
        Measure.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "unit": unit,
                "sector": Sector.objects.get(slug=sector),
                "definition": definition,
                "source": source,
            },
        )


def remove_measures(apps, schema_editor):
    apps.get_model("assessments", "Measure").objects.filter(
        slug__in=[m[0] for m in MEASURES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial"), ("partnerships", "0004_other_invited_sector")]

    operations = [migrations.RunPython(add_measures, remove_measures)]
