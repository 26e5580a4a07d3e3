"""The demo's data: who and what it holds, kept apart from the code that seeds it."""
