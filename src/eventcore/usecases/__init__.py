"""Application services: one function per use case, ports passed explicitly."""
