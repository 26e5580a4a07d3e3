"""Reads of the funding app, one module per concept: the convener's grants and their summary
of award, allocation and spend in grants.py."""
