"""What the site publishes besides its pages: `schedule.json`, `schedule.csv`, `plan.ics`."""
