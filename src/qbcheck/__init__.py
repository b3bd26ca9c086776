"""qbcheck: check county compulsory-education data against the national balance criteria."""

__version__ = "0.1.0"
