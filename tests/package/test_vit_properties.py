"""Properties of paramguide.ViT over many valid configurations (hypothesis)."""

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from paramguide import ViT, count_parameters

SIZES = ("num_classes", "dim", "depth", "heads", "mlp_dim", "channels", "dim_head")


@st.composite
def configurations(draw):
    patch = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    grid = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    return {
        "image_size": (patch[0] * grid[0], patch[1] * grid[1]),
        "patch_size": patch,
        "num_classes": draw(st.integers(1, 5)),
        "dim": draw(st.integers(1, 12)),
        "depth": draw(st.integers(1, 3)),
        "heads": draw(st.integers(1, 3)),
        "mlp_dim": draw(st.integers(1, 12)),
        "channels": draw(st.integers(1, 3)),
        "dim_head": draw(st.integers(1, 6)),
        "pool": draw(st.sampled_from(["cls", "mean"])),
    }


def expected_count(config):
    """The parameter count, worked out layer by layer from the architecture."""
    (height, width), (patch_h, patch_w) = config["image_size"], config["patch_size"]
    dim, mlp, classes = config["dim"], config["mlp_dim"], config["num_classes"]
    inner = config["heads"] * config["dim_head"]
    num_patches = (height // patch_h) * (width // patch_w)
    patch_dim = config["channels"] * patch_h * patch_w
    has_output_projection = not (config["heads"] == 1 and config["dim_head"] == dim)

    embedding = patch_dim * dim + dim + (num_patches + 1) * dim + dim
    attention = 2 * dim + dim * 3 * inner
    attention += (inner * dim + dim) if has_output_projection else 0
    feed_forward = 2 * dim + dim * mlp + mlp + mlp * dim + dim
    head = 2 * dim + dim * classes + classes
    return embedding + config["depth"] * (attention + feed_forward) + head


@settings(max_examples=60, deadline=None)
@given(config=configurations(), batch=st.integers(1, 3))
def test_count_and_output_shape(config, batch):
    model = ViT(**config).eval()
    assert count_parameters(model) == expected_count(config)
    image = torch.randn(batch, config["channels"], *config["image_size"])
    with torch.no_grad():
        assert model(image).shape == (batch, config["num_classes"])


@settings(max_examples=30, deadline=None)
@given(
    config=configurations(),
    name=st.sampled_from(SIZES),
    value=st.integers(-5, 0),
)
def test_a_non_positive_size_is_named_in_the_error(config, name, value):
    config[name] = value
    with pytest.raises(
        ValueError, match=f"^{name} must be a positive integer, got {value}$"
    ):
        ViT(**config)


@settings(max_examples=30, deadline=None)
@given(
    config=configurations(),
    name=st.sampled_from(["dropout", "emb_dropout"]),
    value=st.one_of(
        st.floats(max_value=-1e-9), st.floats(min_value=1.0), st.just(float("nan"))
    ),
)
def test_a_dropout_outside_the_unit_interval_is_named_in_the_error(config, name, value):
    config[name] = value
    with pytest.raises(ValueError, match=f"^{name} must be in \\[0, 1\\)"):
        ViT(**config)
