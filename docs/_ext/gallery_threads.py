"""Run the gallery's examples on one CPU thread.

Sphinx-Gallery runs the examples inside the build process. One thread keeps
torch from oversubscribing a small machine and its timings steady. torch is
imported only when an example is about to run, so a build that reuses the
examples' cached outputs never pays for the import.
"""


def limit_torch_threads(gallery_conf: dict, fname: str) -> None:
    import torch

    torch.set_num_threads(1)
