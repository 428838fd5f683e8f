import re

import pytest
import torch

from paramguide import ViT, count_parameters

ARTICLE_CONFIG = {
    "image_size": 256,
    "patch_size": 32,
    "num_classes": 1000,
    "dim": 1024,
    "depth": 6,
    "heads": 16,
    "mlp_dim": 2048,
    "dropout": 0.1,
    "emb_dropout": 0.1,
}


def small_vit(**overrides):
    config = {
        "image_size": 32,
        "patch_size": 8,
        "num_classes": 10,
        "dim": 16,
        "depth": 2,
        "heads": 2,
        "mlp_dim": 32,
    }
    config.update(overrides)
    return ViT(**config)


def block_parameters(i):
    prefix = f"transformer.layers.{i}"
    return [
        (f"{prefix}.0.norm.weight", (1024,)),
        (f"{prefix}.0.norm.bias", (1024,)),
        (f"{prefix}.0.fn.to_qkv.weight", (3072, 1024)),
        (f"{prefix}.0.fn.to_out.0.weight", (1024, 1024)),
        (f"{prefix}.0.fn.to_out.0.bias", (1024,)),
        (f"{prefix}.1.norm.weight", (1024,)),
        (f"{prefix}.1.norm.bias", (1024,)),
        (f"{prefix}.1.fn.net.0.weight", (2048, 1024)),
        (f"{prefix}.1.fn.net.0.bias", (2048,)),
        (f"{prefix}.1.fn.net.3.weight", (1024, 2048)),
        (f"{prefix}.1.fn.net.3.bias", (1024,)),
    ]


def test_article_configuration_parameter_order_and_shapes():
    expected = [
        ("pos_embedding", (1, 65, 1024)),
        ("cls_token", (1, 1, 1024)),
        ("to_patch_embedding.1.weight", (1024, 3072)),
        ("to_patch_embedding.1.bias", (1024,)),
    ]
    for i in range(6):
        expected += block_parameters(i)
    expected += [("mlp_head.0.weight", (1024,)), ("mlp_head.0.bias", (1024,))]
    expected += [("mlp_head.1.weight", (1000, 1024)), ("mlp_head.1.bias", (1000,))]

    model = ViT(**ARTICLE_CONFIG)
    actual = [(name, tuple(p.shape)) for name, p in model.named_parameters()]

    assert actual == expected
    assert len(list(model.parameters())) == 74
    assert count_parameters(model) == 54_622_184


def test_article_configuration_forward_shape():
    model = ViT(**ARTICLE_CONFIG).eval()
    with torch.no_grad():
        logits = model(torch.randn(2, 3, 256, 256))
    assert logits.shape == (2, 1000)


def test_cls_token_and_pos_embedding_are_the_models_own_parameters():
    model = small_vit()
    own = dict(model.named_parameters(recurse=False))
    assert list(own) == ["pos_embedding", "cls_token"]
    assert own["cls_token"] is model.cls_token
    assert isinstance(model.cls_token, torch.nn.Parameter)


@pytest.mark.parametrize("pool", ["cls", "mean"])
def test_rectangular_images_and_both_pools(pool):
    model = small_vit(image_size=(32, 48), patch_size=(8, 16), pool=pool)
    assert model.pos_embedding.shape == (1, 4 * 3 + 1, 16)
    assert model(torch.randn(3, 3, 32, 48)).shape == (3, 10)


def test_single_head_as_wide_as_dim_has_no_output_projection():
    model = small_vit(heads=1, dim_head=16)
    names = [name for name, _ in model.named_parameters()]
    assert not any("to_out" in name for name in names)


def test_an_optimizer_step_changes_cls_token_and_pos_embedding():
    torch.manual_seed(0)
    model = small_vit()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    before = model.cls_token.detach().clone(), model.pos_embedding.detach().clone()
    loss = torch.nn.functional.cross_entropy(
        model(torch.randn(4, 3, 32, 32)), torch.tensor([0, 1, 2, 3])
    )
    loss.backward()
    optimizer.step()
    assert not torch.equal(model.cls_token, before[0])
    assert not torch.equal(model.pos_embedding, before[1])


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"image_size": 30}, "image_size 30x30 is not divisible by patch_size 8x8"),
        ({"image_size": (32, 36)}, "image_size 32x36 is not divisible"),
        ({"patch_size": (8, 5)}, "patch_size 8x5"),
        ({"pool": "max"}, "pool must be one of ('cls', 'mean'), got 'max'"),
        ({"dim": 0}, "dim must be a positive integer, got 0"),
        ({"depth": -1}, "depth must be a positive integer, got -1"),
        ({"heads": 0}, "heads must be a positive integer, got 0"),
        ({"image_size": (32, 0)}, "image_size[1] must be a positive integer, got 0"),
        ({"image_size": (32, 32, 3)}, "image_size must be an int or a (height, width)"),
        ({"num_classes": 0}, "num_classes must be a positive integer, got 0"),
        ({"dropout": 1.0}, "dropout must be in [0, 1), got 1.0"),
        ({"emb_dropout": -0.1}, "emb_dropout must be in [0, 1), got -0.1"),
    ],
)
def test_invalid_configuration_raises_value_error(overrides, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        small_vit(**overrides)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"dim": 16.0}, "dim must be a positive integer, got 16.0 of type float"),
        ({"depth": True}, "depth must be a positive integer, got True of type bool"),
        ({"patch_size": "8"}, "patch_size must be a positive integer, got '8'"),
        ({"dropout": "0.1"}, "dropout must be a number in [0, 1), got '0.1'"),
    ],
)
def test_wrongly_typed_configuration_raises_type_error(overrides, message):
    with pytest.raises(TypeError, match=re.escape(message)):
        small_vit(**overrides)


@pytest.mark.parametrize(
    "shape", [(2, 3, 32, 48), (2, 1, 32, 32), (3, 32, 32), (2, 3, 64, 64)]
)
def test_wrong_image_shape_names_the_expected_shape(shape):
    model = small_vit()
    expected = f"expected images of shape (batch, 3, 32, 32), got {shape}"
    with pytest.raises(ValueError, match=re.escape(expected)):
        model(torch.randn(*shape))
