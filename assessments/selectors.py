"""Reads the SNA pages need, always given the partnership, at a constant number of queries."""
