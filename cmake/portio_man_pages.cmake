# The man pages (docs/man/): to be written.
