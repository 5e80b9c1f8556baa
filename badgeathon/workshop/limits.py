"""What Open Badges and Open Badge Factory accept as a badge image (shared by the checklist and the image core)."""
IMAGE_MIMES = ("image/png", "image/svg+xml")
IMAGE_MAX_BYTES = 250 * 1024        # Open Badge Factory's upload limit, 250 kB
