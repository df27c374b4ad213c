"""The notes package: the generated note modules live inside it."""
