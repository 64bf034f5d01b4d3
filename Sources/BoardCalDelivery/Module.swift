// The BoardCalDelivery module: alert emails (RFC 5322 with the obligation's calendar attached),
// handed to `sendmail -t -i`, written as .eml files for a dry run, or posted to a webhook; each
// delivery claimed in the alert log first so that it is sent once. See README.md.
