"""The project as a whole: the shape of the package (no import cycle, no module too long), the
README against the tool, and the docstring examples."""
