"""Torch modules only: generators and discriminators, no data handling."""

from ._mlp_gan import MLPDiscriminator, MLPGenerator
from ._tabular import TabularDiscriminator, TabularGenerator

__all__ = [
    "MLPDiscriminator",
    "MLPGenerator",
    "TabularDiscriminator",
    "TabularGenerator",
]
