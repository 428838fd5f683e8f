"""Two ``nn.Linear`` layers whose weights and biases are replaced by Parameters."""

from __future__ import annotations

import torch
from torch import nn

from paramguide._checks import positive_int


class TwoLayerNet(nn.Module):
    """Two linear layers whose tensors are set by hand as ``nn.Parameter``.

    Each ``nn.Linear`` is built as usual, then its ``weight`` and ``bias``
    are replaced: weights by zeros, biases by ones. ``nn.Linear(in, out)``
    computes ``x @ weight.T + bias``, so its weight has shape ``[out, in]``
    and its bias ``[out]``; the replacements keep exactly those shapes.

    Args:
        in_features: Size of each input sample.
        hidden_features: Width of the hidden layer.
        out_features: Size of each output sample.

    Raises:
        TypeError: If a size is not an integer.
        ValueError: If a size is not positive.

    >>> net = TwoLayerNet(in_features=5, hidden_features=2, out_features=3)
    >>> for name, param in net.named_parameters():
    ...     print(name, tuple(param.shape))
    ...
    linear1.weight (2, 5)
    linear1.bias (2,)
    linear2.weight (3, 2)
    linear2.bias (3,)
    >>> net(torch.ones(4, 5))
    tensor([[1., 1., 1.],
            [1., 1., 1.],
            [1., 1., 1.],
            [1., 1., 1.]], grad_fn=<AddmmBackward0>)
    """

    def __init__(
        self, in_features: int, hidden_features: int, out_features: int
    ) -> None:
        super().__init__()
        in_features = positive_int("in_features", in_features)
        hidden_features = positive_int("hidden_features", hidden_features)
        out_features = positive_int("out_features", out_features)

        self.linear1 = nn.Linear(in_features, hidden_features)
        self.linear2 = nn.Linear(hidden_features, out_features)
        self.linear1.weight = nn.Parameter(torch.zeros(hidden_features, in_features))
        self.linear1.bias = nn.Parameter(torch.ones(hidden_features))
        self.linear2.weight = nn.Parameter(torch.zeros(out_features, hidden_features))
        self.linear2.bias = nn.Parameter(torch.ones(out_features))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map inputs of shape ``(..., in_features)`` to ``(..., out_features)``."""
        return self.linear2(self.linear1(x))
