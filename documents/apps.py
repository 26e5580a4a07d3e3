from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """The SNA and the response strategy as PDFs: export jobs, the rendering task, the safe
    renderer and what each document says."""

    name = "documents"
    verbose_name = "Documents"
