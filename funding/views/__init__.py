"""Pages of the funding app, one module per concept: the convener's grant pages (outside any one
partnership, at /convener/funding/) in grants.py."""
