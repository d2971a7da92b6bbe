"""The eventcore domain: entities, value objects and the rules between them.

Nothing here performs I/O or reads the clock; time arrives as an argument.
"""
