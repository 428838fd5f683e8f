"""
Tied weights and their summed gradients
=======================================

Language models often use one matrix twice: to look up the vector of each
input token, and to score every token of the vocabulary at the output.
This example ties an embedding to an output projection, looks at how the
module reports the shared ``Parameter``, and checks that its gradient is the
sum of the gradients of its two uses.
"""

# %%
# Tie the two weights
# -------------------
# ``nn.Embedding(vocab, dim)`` stores a weight of shape ``[vocab, dim]``,
# one row per token. ``nn.Linear(dim, vocab)`` stores its weight as
# ``[out_features, in_features]``, which is ``[vocab, dim]`` too: the same
# matrix fits both places without a transpose. Assigning the embedding's
# ``Parameter`` to ``head.weight`` makes both modules hold the very same
# object; the weight that ``nn.Linear`` created for itself is dropped.

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.func import functional_call

from paramguide import count_parameters, format_parameter_table, parameter_table

torch.manual_seed(0)


class TinyLanguageModel(nn.Module):
    def __init__(self, vocab=10, dim=6):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.mix = nn.Linear(dim, dim)
        self.head = nn.Linear(dim, vocab, bias=False)
        self.head.weight = self.embed.weight

    def forward(self, tokens):
        return self.head(torch.tanh(self.mix(self.embed(tokens))))


model = TinyLanguageModel()
print("same object:", model.head.weight is model.embed.weight)

# %%
# One Parameter, two names
# ------------------------
# ``parameters()`` and ``named_parameters()`` skip a tensor they have
# already yielded, so the shared weight appears once, under the first name
# met while walking the modules: ``embed.weight``. Counting from them gives
# the number of values the optimizer trains.

print(format_parameter_table(parameter_table(model)))
print("count_parameters:", count_parameters(model))

# %%
# Passing ``remove_duplicate=False`` shows every name the tensor is
# registered under. ``state_dict()`` keeps both names as well, so a
# checkpoint has an entry for each module. The two entries are two distinct
# tensors, each detached from the Parameter, that view the same memory.
# Adding up the sizes in a state dict would count the shared weight twice.

print([name for name, _ in model.named_parameters(remove_duplicate=False)])
state = model.state_dict()
print(list(state))
print("one entry object:", state["embed.weight"] is state["head.weight"])
print(
    "same storage:", state["embed.weight"].data_ptr() == state["head.weight"].data_ptr()
)
print("values in the state dict:", sum(t.numel() for t in state.values()))

# %%
# The gradient of a shared weight
# -------------------------------
# The batch holds two short token sequences; the model predicts each next
# token. Tokens 2, 4, 7, 8 and 9 never occur as inputs, though some of them
# occur as targets.

sequences = torch.tensor([[0, 3, 3, 5, 1, 3, 7], [1, 5, 0, 3, 3, 6, 2]])
inputs, targets = sequences[:, :-1], sequences[:, 1:]


def loss_of(logits):
    return nn.functional.cross_entropy(logits.flatten(0, 1), targets.flatten())


model.zero_grad()
loss_of(model(inputs)).backward()
tied_grad = model.embed.weight.grad.clone()
print("loss:", round(loss_of(model(inputs)).item(), 4))

# %%
# To see each use on its own, ``torch.func.functional_call`` runs the same
# module with the two names bound to two separate copies of the weight;
# ``tie_weights=False`` keeps it from tying them again. ``torch.autograd.grad``
# then returns one gradient per copy.

weight = model.embed.weight.detach()
input_copy = weight.clone().requires_grad_()
output_copy = weight.clone().requires_grad_()
logits = functional_call(
    model,
    {"embed.weight": input_copy, "head.weight": output_copy},
    (inputs,),
    tie_weights=False,
)
grad_input_use, grad_output_use = torch.autograd.grad(
    loss_of(logits), (input_copy, output_copy)
)
difference = (grad_input_use + grad_output_use - tied_grad).abs().max().item()
print("max |input use + output use - tied grad|:", difference)

# %%
# The difference is zero: during the backward pass autograd reaches the
# shared leaf tensor along two paths and accumulates both contributions in
# its single ``.grad``.

# %%
# Where each use sends gradient
# -----------------------------
# The heatmaps show the three ``[vocab, dim]`` gradients on one colour
# scale: row ``i`` belongs to token ``i``.

panels = {
    "input use (embed)": grad_input_use,
    "output use (head)": grad_output_use,
    "shared weight .grad": tied_grad,
}
limit = max(g.abs().max().item() for g in panels.values())
fig, axes = plt.subplots(1, 3, figsize=(9, 4.2), sharey=True, layout="constrained")
for ax, (title, grad) in zip(axes, panels.items(), strict=True):
    image = ax.imshow(grad, cmap="RdBu_r", vmin=-limit, vmax=limit)
    ax.set_title(title)
    ax.set_xlabel("dim")
    ax.set_xticks(range(grad.shape[1]))
    ax.set_yticks(range(grad.shape[0]))
axes[0].set_ylabel("token (row)")
fig.colorbar(image, ax=axes, shrink=0.8, label="gradient")
fig.suptitle("embed.weight is head.weight: gradient = input use + output use")
plt.show()

# %%
# The input use only touches the rows of tokens that were looked up: an
# embedding is a row selection, so the other rows get exactly zero. The
# output use touches every row, since the softmax scores all ten tokens at
# every position. The bars compare the size of each row's gradient.

row_norms = {title: grad.norm(dim=1) for title, grad in panels.items()}
tokens = torch.arange(weight.shape[0])
fig, ax = plt.subplots(figsize=(8, 3.6), layout="constrained")
for offset, (title, norms) in zip((-0.27, 0.0, 0.27), row_norms.items(), strict=True):
    ax.bar(tokens + offset, norms, width=0.27, label=title)
ax.set_xticks(tokens)
ax.set_xlabel("token (row of the shared weight)")
ax.set_ylabel("gradient norm of the row")
ax.set_title("Per-row gradient norms")
ax.legend()
plt.show()

# %%
# A row's norm in the sum is not the sum of the two norms: the two
# contributions are vectors, and where they point in different directions
# they partly cancel.

# %%
# One optimizer step
# ------------------
# The optimizer is built from ``parameters()``, so it holds the shared
# weight once and applies the summed gradient once. After the step the two
# names still refer to one tensor.

optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
print("tensors in the optimizer:", len(optimizer.param_groups[0]["params"]))
before = model.embed.weight.detach().clone()
optimizer.step()
expected = before - 0.5 * tied_grad
print("weight == before - lr * grad:", torch.allclose(model.embed.weight, expected))
print("still tied:", model.head.weight is model.embed.weight)
print("loss after the step:", round(loss_of(model(inputs)).item(), 4))

# %%
# Summary
# -------
# Tying assigns one ``Parameter`` to two modules. The module yields it once
# from ``parameters()``, under its first name, and twice from
# ``named_parameters(remove_duplicate=False)`` and ``state_dict()``.
# Autograd adds up the gradients of all its uses into one ``.grad``, and the
# optimizer updates it once with that sum.
