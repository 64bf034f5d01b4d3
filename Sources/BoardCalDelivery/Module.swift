// The BoardCalDelivery module; see README.md.
