import pytest
import torch

from paramguide import TwoLayerNet


def test_parameters_have_the_shapes_nn_linear_expects():
    net = TwoLayerNet(5, 2, 3)
    shapes = {name: tuple(p.shape) for name, p in net.named_parameters()}
    assert shapes == {
        "linear1.weight": (2, 5),
        "linear1.bias": (2,),
        "linear2.weight": (3, 2),
        "linear2.bias": (3,),
    }
    assert all(isinstance(p, torch.nn.Parameter) for p in net.parameters())


def test_forward_maps_in_features_to_out_features():
    net = TwoLayerNet(5, 2, 3)
    # zero weights, unit biases: every output is the second layer's bias
    assert torch.equal(net(torch.randn(4, 5)), torch.ones(4, 3))


def test_adam_with_lr_updates_every_parameter_within_two_steps():
    torch.manual_seed(0)
    net = TwoLayerNet(5, 2, 3)
    optimizer = torch.optim.Adam(net.parameters(), lr=0.01)
    inputs, targets = torch.randn(8, 5), torch.randn(8, 3)
    initial = {name: p.detach().clone() for name, p in net.named_parameters()}
    changed_after = []
    for _ in range(2):
        loss = torch.nn.functional.mse_loss(net(inputs), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        changed_after.append(
            {n for n, p in net.named_parameters() if not torch.equal(p, initial[n])}
        )
    assert changed_after[0] == {"linear2.weight", "linear2.bias"}
    assert changed_after[1] == set(initial)


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((0, 2, 3), ValueError, "in_features must be a positive integer, got 0"),
        ((5, -2, 3), ValueError, "hidden_features must be a positive integer, got -2"),
        ((5, 2, 3.5), TypeError, "out_features must be a positive integer, got 3.5"),
    ],
)
def test_invalid_sizes_are_rejected(args, error, message):
    with pytest.raises(error, match=message):
        TwoLayerNet(*args)
