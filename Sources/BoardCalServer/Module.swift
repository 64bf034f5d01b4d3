// The BoardCalServer module; see README.md.
