"""Award rules for the regional badges: which ones a backpack of partner badges makes due, and why."""
