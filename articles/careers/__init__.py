"""Careers: career facts, state wages, the salary page and the CCS eligibility checker."""
