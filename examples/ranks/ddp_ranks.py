"""Two ranks of DistributedDataParallel on the CPU, started by torchrun.

Run it with:

    torchrun --standalone --nproc-per-node 2 ddp_ranks.py

torchrun runs this script once per rank, each time in a new process, and
tells each process its place in the job through environment variables:
RANK, LOCAL_RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT. The two
processes print to the same terminal, so every line starts with its rank.
"""

import os

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP


def main() -> None:
    # The process group's address and size come from torchrun's variables.
    dist.init_process_group("gloo")
    rank = dist.get_rank()
    # LOCAL_RANK numbers the processes of one machine; on one machine it
    # equals RANK.
    local_rank = int(os.environ["LOCAL_RANK"])
    print(f"rank {rank}: local rank {local_rank}, world size {dist.get_world_size()}")

    # Each rank starts from its own random weights...
    torch.manual_seed(rank)
    model = nn.Linear(3, 2)
    before = model.weight.sum().item()
    # ...until DDP broadcasts rank 0's parameters and buffers to every rank.
    ddp_model = DDP(model)
    after = model.weight.sum().item()
    print(f"rank {rank}: weight sum {before:+.4f} before wrapping, {after:+.4f} after")

    # Each rank trains on its own batch. backward() averages the gradients
    # over the ranks, so the step changes both copies in the same way.
    optimizer = torch.optim.SGD(ddp_model.parameters(), lr=0.1)
    batch = torch.randn(4, 3, generator=torch.Generator().manual_seed(100 + rank))
    ddp_model(batch).sum().backward()
    print(f"rank {rank}: grad norm {model.weight.grad.norm():.4f} after backward()")
    optimizer.step()
    print(f"rank {rank}: weight sum {model.weight.sum().item():+.4f} after the step")

    dist.destroy_process_group()


if __name__ == "__main__":
    main()
