"""What several of the strategy's models share: where their private files are stored."""

import uuid


def private_key(instance, kind: str) -> str:
    # Never the uploaded name on disk: a random key under the partnership, served by a view.
    return f"partnerships/{instance.partnership_id}/{kind}/{uuid.uuid4().hex}"
