"""Building the graph: where a build writes and how its output takes over (`staging`).

The build's stages themselves are still in `kg.pipeline`; they move here one module at a time.
"""
