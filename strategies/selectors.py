"""Reads the response strategy's pages need, each in a constant number of queries."""

# --- strategy and priorities ---


# --- actions ---


# --- measures ---


# --- governance ---


# --- commissioning ---


# --- annual review and compliance ---
