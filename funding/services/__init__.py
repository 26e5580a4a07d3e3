"""Writes of the funding app, one module per concept: the convener's grants, lines, allocations
to partnerships and decisions in grants.py. Import the module you need; nothing is gathered
here, so one concept's module never loads another's."""
