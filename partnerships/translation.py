"""The Duty catalogue's texts in English and Welsh (django-modeltranslation): each field named
here gets a column per language (name_en_gb, name_cy), and reading `sector.name` gives the
reader's language, or English where no Welsh has been loaded. The Welsh comes from
catalogue/duty_guidance_v1.cy.csv (english,welsh), loaded by migration and by
`manage.py load_translation --catalogue`."""

from django.apps import apps
from modeltranslation.translator import TranslationOptions, register

from .catalogue import TRANSLATED

for _name, _fields in TRANSLATED.items():
    _model = apps.get_model("partnerships", _name)
    register(_model)(type(f"{_name}Translation", (TranslationOptions,), {"fields": _fields}))
