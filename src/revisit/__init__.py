"""Revisit: turns an insurance agent's book of existing customers into a weekly plan."""
