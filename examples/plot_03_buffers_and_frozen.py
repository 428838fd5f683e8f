"""
Parameters, buffers and frozen parameters during training
=========================================================

A module keeps two kinds of tensor state: parameters, which the optimizer
updates from gradients, and buffers, which it never touches. This example
trains a small network for a few dozen steps and follows every tensor, to
see which ones move, what moves them, and what ``model.eval()`` changes.
"""

# %%
# A model with four kinds of tensor
# ---------------------------------
# The network below holds:
#
# * trainable parameters: the weights and biases of its two linear layers,
#   and the scale and shift of its batch normalisation;
# * a frozen parameter, ``gain``, created with ``requires_grad=False``;
# * the running statistics of ``nn.BatchNorm1d``, which that layer
#   registers as buffers;
# * a buffer of its own, ``input_center``, registered with
#   ``register_buffer``: a fixed offset taken off every input.

import matplotlib.pyplot as plt
import torch
from torch import nn

from paramguide import count_parameters, format_parameter_table, parameter_table

torch.manual_seed(0)


class SmallNet(nn.Module):
    def __init__(self, in_features=4, hidden=8):
        super().__init__()
        self.register_buffer("input_center", torch.full((in_features,), 3.0))
        self.linear = nn.Linear(in_features, hidden)
        self.gain = nn.Parameter(torch.linspace(0.5, 1.5, hidden), requires_grad=False)
        self.norm = nn.BatchNorm1d(hidden)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        hidden = self.linear(x - self.input_center) * self.gain
        return self.head(torch.relu(self.norm(hidden)))


model = SmallNet()
print(format_parameter_table(parameter_table(model)))
print(f"trainable: {count_parameters(model, trainable_only=True)} numbers")

# %%
# ``gain`` is listed among the parameters, with ``requires_grad`` set to
# ``False``. It comes first although it was assigned after ``linear``: a
# module lists its own parameters before those of its submodules.
#
# The buffers are not in that table at all: ``named_buffers()`` yields
# them, and ``state_dict()`` saves them next to the parameters.

for name, buffer in model.named_buffers():
    print(f"{name:25} {tuple(buffer.shape)!s:6} {buffer.dtype}")
print(list(model.state_dict()))

# %%
# ``num_batches_tracked`` is a buffer too: an integer that BatchNorm adds
# one to on every forward pass in training mode.

# %%
# Train, then train in eval mode
# ------------------------------
# The optimizer receives ``model.parameters()``, the frozen ``gain``
# included. That is harmless: autograd computes no gradient for a tensor
# that does not require one, its ``grad`` stays ``None``, and ``SGD`` skips
# every parameter whose ``grad`` is ``None``, weight decay included.
#
# The first 40 steps run in training mode. Then ``model.eval()`` is called
# and 20 more optimizer steps follow. ``eval()`` does not stop learning:
# gradients still flow and the optimizer still steps. It only changes how
# some layers compute, BatchNorm among them: in eval mode it normalises
# with its stored running statistics and leaves them alone.
#
# Each step draws a fresh batch whose inputs are centred on 3 with
# standard deviation 2; the target is a fixed linear function of them.

optimizer = torch.optim.SGD(model.parameters(), lr=0.01, weight_decay=1e-3)
true_weight = torch.tensor([1.0, -2.0, 0.5, 1.5])

tracked = {
    "linear.weight": model.linear.weight,
    "norm.weight": model.norm.weight,
    "gain": model.gain,
    "norm.running_mean": model.norm.running_mean,
    "norm.running_var": model.norm.running_var,
    "input_center": model.input_center,
}
start = {name: tensor.detach().clone() for name, tensor in tracked.items()}
distance = {name: [0.0] for name in tracked}
losses = []

train_steps, eval_steps = 40, 20
model.train()
for step in range(1, train_steps + eval_steps + 1):
    if step == train_steps + 1:
        model.eval()
        after_training = {name: t.detach().clone() for name, t in tracked.items()}
        batches_after_training = model.norm.num_batches_tracked.item()
    inputs = 3.0 + 2.0 * torch.randn(32, 4)
    targets = (inputs - 3.0) @ true_weight + 0.1 * torch.randn(32)
    loss = nn.functional.mse_loss(model(inputs).squeeze(1), targets)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
    for name, tensor in tracked.items():
        distance[name].append((tensor.detach() - start[name]).norm().item())

print(
    f"loss: step 1 {losses[0]:.3f}, step 40 {losses[39]:.3f}, step 60 {losses[-1]:.3f}"
)
print("gain.grad:", model.gain.grad)

# %%
# How far each tensor moved
# -------------------------
# The figure plots, after every step, the distance (the L2 norm of the
# difference) between each tensor and its value before training. The top
# row holds parameters, the bottom row buffers; the grey band marks the
# steps taken after ``model.eval()``.

steps = range(train_steps + eval_steps + 1)
fig, axes = plt.subplots(2, 3, figsize=(10, 5.5), sharex=True, layout="constrained")
colors = ["tab:blue", "tab:blue", "tab:gray", "tab:orange", "tab:orange", "tab:gray"]
for ax, (name, values), color in zip(axes.flat, distance.items(), colors, strict=True):
    ax.axvspan(train_steps, train_steps + eval_steps, color="0.92", zorder=0)
    ax.axvline(train_steps, color="black", linestyle="--", linewidth=1)
    ax.plot(steps, values, color=color, linewidth=2)
    ax.set_title(name, fontfamily="monospace")
    ax.grid(alpha=0.3)
    if max(values) == 0:
        ax.set_ylim(-0.05, 1)
        ax.text(20, 0.5, "unchanged", ha="center", va="center", color="tab:gray")
    else:
        ax.set_ylim(0, 1.15 * max(values))
    ax.text(
        train_steps + eval_steps / 2,
        0.97,
        "eval()",
        transform=ax.get_xaxis_transform(),
        ha="center",
        va="top",
        fontsize=9,
        fontfamily="monospace",
    )
axes[0, 0].set_ylabel("parameters: ‖p - p₀‖")
axes[1, 0].set_ylabel("buffers: ‖b - b₀‖")
for ax in axes[1]:
    ax.set_xlabel("optimizer step")
fig.suptitle("Distance from the initial value: 40 steps in train mode, 20 in eval mode")
plt.show()

# %%
# The two trainable parameters move in both phases: the optimizer changes
# them whether the model is in training or eval mode. The running mean and
# variance move only during the first 40 steps, and not because of the
# optimizer: BatchNorm overwrites them inside its forward pass. Each forward
# pass in training mode moves them a tenth of the way (the layer's default
# ``momentum=0.1``) toward the mean and variance of the current batch.
# ``gain`` and ``input_center`` never move: the first has no gradient, and
# no code writes to the second.

# %%
# Summary table
# -------------
# The columns give the distance moved during the 40 training-mode steps and
# during the 20 eval-mode steps.

print(
    f"{'tensor':20} {'kind':9} {'requires_grad':>13} {'train mode':>11} {'eval mode':>10}"
)
parameter_ids = {id(p) for p in model.parameters()}
for name, tensor in tracked.items():
    kind = "parameter" if id(tensor) in parameter_ids else "buffer"
    moved_train = (after_training[name] - start[name]).norm().item()
    moved_eval = (tensor.detach() - after_training[name]).norm().item()
    print(
        f"{name:20} {kind:9} {tensor.requires_grad!s:>13} "
        f"{moved_train:11.4f} {moved_eval:10.4f}"
    )
print(
    "norm.num_batches_tracked:",
    batches_after_training,
    "after training mode,",
    model.norm.num_batches_tracked.item(),
    "at the end",
)

# %%
# To sum up: the optimizer updates the parameters that have a gradient, in
# either mode. A frozen parameter is still a parameter (``parameters()``
# yields it and ``state_dict()`` saves it), it just receives no gradient.
# Buffers are saved with the model but never trained; BatchNorm's running
# statistics change only through forward passes in training mode, which is
# why a model is switched to ``eval()`` before it is evaluated.
