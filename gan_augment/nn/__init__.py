"""Torch modules only: generators and discriminators, no data handling."""

from ._conv import ConvDiscriminator, ConvGenerator
from ._mlp_gan import MLPDiscriminator, MLPGenerator
from ._tabular import TabularDiscriminator, TabularGenerator

__all__ = [
    "ConvDiscriminator",
    "ConvGenerator",
    "MLPDiscriminator",
    "MLPGenerator",
    "TabularDiscriminator",
    "TabularGenerator",
]
