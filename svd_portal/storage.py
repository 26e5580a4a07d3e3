from django.contrib.staticfiles.storage import ManifestStaticFilesStorage


class ManifestStaticStorage(ManifestStaticFilesStorage):
    """Hashed static names, with `import` statements in our ES modules rewritten to match."""

    support_js_module_import_aggregation = True
