import pytest
import torch
from torch import nn

from paramguide import (
    ParameterInfo,
    count_parameters,
    format_parameter_table,
    parameter_table,
)


def test_table_rows_follow_named_parameters():
    net = nn.Sequential(nn.Linear(3, 4), nn.LayerNorm(4).half())
    net[1].weight.requires_grad_(False)
    assert parameter_table(net) == [
        ParameterInfo("0.weight", (4, 3), 12, torch.float32, True),
        ParameterInfo("0.bias", (4,), 4, torch.float32, True),
        ParameterInfo("1.weight", (4,), 4, torch.float16, False),
        ParameterInfo("1.bias", (4,), 4, torch.float16, True),
    ]


def test_format_aligns_columns_and_adds_a_total():
    rows = [
        ParameterInfo("a", (1000, 1000), 1_000_000, torch.float32, True),
        ParameterInfo("bias", (3,), 3, torch.float64, False),
    ]
    assert format_parameter_table(rows).splitlines() == [
        "name   shape             numel  dtype          requires_grad",
        "a      (1000, 1000)  1,000,000  torch.float32  True",
        "bias   (3,)                  3  torch.float64  False",
        "total                1,000,003",
    ]


def test_format_of_no_rows_is_a_header_and_a_zero_total():
    assert format_parameter_table([]).splitlines() == [
        "name   shape  numel  dtype  requires_grad",
        "total             0",
    ]


def test_count_all_and_trainable():
    net = nn.Sequential(nn.Linear(10, 5), nn.Linear(5, 2))
    net[0].requires_grad_(False)
    assert count_parameters(net) == 55 + 12
    assert count_parameters(net, trainable_only=True) == 12


def test_shared_parameter_is_counted_once():
    first, second = nn.Linear(4, 4), nn.Linear(4, 4)
    second.weight = first.weight
    net = nn.Sequential(first, second)
    assert count_parameters(net) == 16 + 4 + 4


@pytest.mark.parametrize("function", [parameter_table, count_parameters])
def test_non_module_is_a_type_error(function):
    with pytest.raises(TypeError, match=r"expected a torch.nn.Module, got .*Tensor"):
        function(torch.zeros(3))
