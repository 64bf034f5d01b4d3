// The BoardCalStore module; see README.md.
