"""What is computed from a plan: working-day calendars, the schedule as of the status date,
shared hours across time zones, and the result pages and exports read (`result`).

Depends on `macros.plan` only.
"""
