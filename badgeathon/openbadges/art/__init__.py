"""The badge image core, pure (no Flask, no database): the spec a team designs (`spec`), its PNG and SVG (`render`),
the built-in pictograms (`pictograms`) and the checks on an uploaded image (`upload`)."""
