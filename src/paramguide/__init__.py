"""Small PyTorch models and helpers that show how ``torch.nn.Parameter`` works.

The package backs the examples of the *paramguide* site:

- :class:`ViT`, a Vision Transformer whose class token and position
  embedding are ``nn.Parameter`` objects of its own;
- :class:`TwoLayerNet`, two ``nn.Linear`` layers whose weights and biases
  are replaced by ``nn.Parameter`` objects of the right shapes;
- :func:`parameter_table`, :func:`format_parameter_table` and
  :func:`count_parameters`, to look inside any ``nn.Module``;
- :func:`run_on_ranks`, to run a function on several CPU processes joined
  in one ``gloo`` process group.
"""

from paramguide.distributed import RankFailedError, RankOutput, run_on_ranks
from paramguide.inspection import (
    ParameterInfo,
    count_parameters,
    format_parameter_table,
    parameter_table,
)
from paramguide.two_layer import TwoLayerNet
from paramguide.vit import ViT

__all__ = [
    "ParameterInfo",
    "RankFailedError",
    "RankOutput",
    "TwoLayerNet",
    "ViT",
    "count_parameters",
    "format_parameter_table",
    "parameter_table",
    "run_on_ranks",
]
