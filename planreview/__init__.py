"""planreview: reads a child's IEP or Section 504 Plan and explains what it contains and what is missing."""

__version__ = "0.1.0"
