"""The services: the only code that opens a database session."""
