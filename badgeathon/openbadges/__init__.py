"""Open Badges: badge definitions exported as OB 2.0 / OB 3.0 documents and platform payloads, baked and validated."""
