"""The plan: YAML read with exact places, the typed model, its checks and its problems.

Reader (`reader`) -> conversion to the model (`convert`, driven by the model's annotations:
`fields`, `annotations`) -> cross-checks (`checks`) -> `loader.load_plan`. Imports nothing
from the other layers.
"""
