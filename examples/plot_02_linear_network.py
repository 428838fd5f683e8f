"""
Replacing a layer's weights with Parameters
===========================================

A snippet that circulates online replaces the weights of two ``nn.Linear``
layers with hand-made ``nn.Parameter`` objects. As published, it cannot run
a forward pass, and its optimizer call raises. This example runs it as it
is, explains each failure, then trains the corrected network and shows what
its all-zero weights cost.
"""

# %%
# The network as published
# ------------------------
# The snippet gives each weight the shape ``[in_dim, hid]`` and each bias
# ``[hid]``, whatever the layer.

import matplotlib.pyplot as plt
import torch
from torch import nn

from paramguide import TwoLayerNet

torch.manual_seed(0)


class PublishedNetwork(nn.Module):
    def __init__(self, in_dim, hid, out_dim):
        super().__init__()
        self.linear1 = nn.Linear(in_dim, hid)
        self.linear2 = nn.Linear(hid, out_dim)
        self.linear1.weight = nn.Parameter(torch.zeros(in_dim, hid))
        self.linear1.bias = nn.Parameter(torch.ones(hid))
        self.linear2.weight = nn.Parameter(torch.zeros(in_dim, hid))
        self.linear2.bias = nn.Parameter(torch.ones(hid))

    def forward(self, x):
        return self.linear2(self.linear1(x))


published = PublishedNetwork(in_dim=5, hid=2, out_dim=3)
for param in published.parameters():
    print(type(param.data), param.size())

# %%
# The four Parameters are registered, with the shapes the snippet chose. Its
# printout claimed ``<class 'torch.FloatTensor'>`` for ``type(param.data)``:
# since PyTorch 0.4 every tensor is of class ``torch.Tensor``, and the old
# name survives only as the string that ``Tensor.type()`` returns.

for param in published.parameters():
    print(type(param).__name__, param.type(), param.dtype)

# %%
# Its forward pass fails
# ----------------------
# ``nn.Linear(in_features, out_features)`` computes ``x @ weight.T + bias``,
# so its weight must have shape ``[out_features, in_features]``. A weight of
# shape ``[5, 2]`` in the first layer cannot multiply a batch of 5-wide rows.
# From torch 2.15 on, the message starts with the name of the operation that
# failed: ``addmm: mat1 and mat2 shapes cannot be multiplied``.

try:
    published(torch.ones(4, 5))
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# %%
# Its optimizer call fails too
# ----------------------------
# ``torch.optim.Adam`` names its learning rate ``lr``; there is no
# ``learning_rate`` keyword.

try:
    torch.optim.Adam(published.parameters(), learning_rate=0.001)
except TypeError as error:
    print(f"TypeError: {error}")

# %%
# The corrected network
# ---------------------
# :class:`paramguide.TwoLayerNet` keeps the idea (zeros for the weights, ones
# for the biases) with the shapes ``nn.Linear`` expects: ``[hid, in_dim]``
# and ``[hid]`` for the first layer, ``[out_dim, hid]`` and ``[out_dim]`` for
# the second.

net = TwoLayerNet(in_features=5, hidden_features=2, out_features=3)
for name, param in net.named_parameters():
    print(f"{name:15} {tuple(param.shape)}")
print(net(torch.ones(4, 5)))

# %%
# Train it for two steps
# ----------------------
# With ``lr`` spelled right, Adam takes the four Parameters. The first step
# changes only the second layer: the first layer's gradients flow back
# through ``linear2.weight``, which is all zeros during that step, so they
# are zero too. After one step ``linear2.weight`` is no longer zero, and the
# second step moves every Parameter.

optimizer = torch.optim.Adam(net.parameters(), lr=0.01)
inputs = torch.randn(8, 5)
targets = torch.randn(8, 3)

for step in (1, 2):
    before = {name: param.detach().clone() for name, param in net.named_parameters()}
    loss = nn.functional.mse_loss(net(inputs), targets)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    changed = [
        name
        for name, param in net.named_parameters()
        if not torch.equal(param, before[name])
    ]
    print(f"step {step}: loss {loss.item():.4f}, changed: {', '.join(changed)}")

# %%
# Zeros keep the hidden units identical
# -------------------------------------
# All-zero weights cost more than that first step. The two hidden units
# start with the same weights and the same bias, so at every step they
# compute the same value, receive the same gradient and move the same way.
# After a hundred more steps they are still equal: the hidden layer works
# as a single unit. Random initial values break this symmetry, which is why
# ``nn.Linear`` draws its weights at random instead of starting from zeros.

for _ in range(100):
    loss = nn.functional.mse_loss(net(inputs), targets)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
print(net.linear1.weight.detach())
print(net.linear1.bias.detach())
print("hidden units equal:", torch.equal(net.linear1.weight[0], net.linear1.weight[1]))

# %%
# What the symmetry costs
# -----------------------
# Without an activation between them, the two layers compute a linear map of
# rank at most 2, plus a bias. With its hidden units tied, the
# zero-initialised network can only reach rank 1. The lowest loss each rank
# allows on this data needs no training to find: fit the centred targets by
# least squares, then keep the ``rank`` largest singular directions of the
# fitted values (reduced-rank regression).


def best_loss(rank):
    """The lowest mean squared error of a rank-``rank`` linear map plus a bias."""
    centred_inputs = inputs - inputs.mean(dim=0)
    centred_targets = targets - targets.mean(dim=0)
    fitted = (
        centred_inputs @ torch.linalg.lstsq(centred_inputs, centred_targets).solution
    )
    dropped = torch.linalg.svdvals(fitted)[rank:]
    residual = (centred_targets - fitted).square().sum() + dropped.square().sum()
    return residual.item() / targets.numel()


best = {rank: best_loss(rank) for rank in (1, 2)}
for rank, loss in best.items():
    print(f"best loss of rank {rank}: {loss:.4f}")

# %%
# Train both networks
# -------------------
# Train the zero-initialised network beside the same layers at PyTorch's
# default random initialisation, on the same data and with the same
# optimizer, and compare their losses with the two bounds after 300 steps
# and after 1000.

torch.manual_seed(0)
networks = {
    "zeros (TwoLayerNet)": TwoLayerNet(5, 2, 3),
    "random (nn.Linear default)": nn.Sequential(nn.Linear(5, 2), nn.Linear(2, 3)),
}
fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
for label, network in networks.items():
    optimizer = torch.optim.Adam(network.parameters(), lr=0.01)
    losses = []
    for _ in range(1000):
        loss = nn.functional.mse_loss(network(inputs), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    ax.plot(losses, label=label)
    print(
        f"{label}: loss after 300 steps {losses[299]:.4f}, after 1000 {losses[-1]:.4f}"
    )
for rank, loss in best.items():
    ax.axhline(loss, color="gray", linestyle=":" if rank == 1 else "--")
    ax.annotate(
        f"best of rank {rank}",
        (1000, loss),
        ha="right",
        va="bottom" if rank == 1 else "top",
    )
ax.set_xlabel("step")
ax.set_ylabel("mean squared error (log scale)")
ax.set_yscale("log")
ax.set_title("Same layers, two initialisations")
ax.legend()
plt.show()

# %%
# The gap after 300 steps has two parts. The default network has already
# reached the best loss of rank 2. The zero-initialised one is still on its
# way down; by step 1000 it is almost at the best loss of rank 1, and it
# goes no lower. The part of the early gap above the rank-1 line is speed, which
# more steps remove. The part between the two lines is capacity: no number of
# steps removes it, since the tied hidden units never come apart.

# %%
# Summary
# -------
# Replacing a layer's tensor with an ``nn.Parameter`` registers the new
# tensor in place of the old one, but the layer's arithmetic does not change:
# the replacement must have the shape the layer expects. Its values matter
# too: units that start with the same weights stay the same. And every
# optimizer in ``torch.optim`` takes its learning rate as ``lr``.
