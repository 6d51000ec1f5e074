"""催款话术手册: turn the collection course (YAML) into a static handbook."""

__version__ = "0.1.0"
