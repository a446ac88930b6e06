"""Static-site generator for LLM planning trajectories (AblationBench) on MkDocs + Material."""

__version__ = "0.1.0"
