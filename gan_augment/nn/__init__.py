"""Torch modules only: generators and discriminators, no data handling."""

from ._conv import ConvDiscriminator, ConvGenerator
from ._deform import DeformationGenerator
from ._mlp_gan import MLPDiscriminator, MLPGenerator
from ._tabular import TabularDiscriminator, TabularGenerator

__all__ = [
    "ConvDiscriminator",
    "ConvGenerator",
    "DeformationGenerator",
    "MLPDiscriminator",
    "MLPGenerator",
    "TabularDiscriminator",
    "TabularGenerator",
]
