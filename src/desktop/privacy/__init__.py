"""Privacy (AVG): audit log, accounts, retention, inzage and erasure per person."""
