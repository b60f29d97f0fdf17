"""Normalization steps: Unicode repair and NFKC, whitespace, control characters, boilerplate lines."""

from loopline.curate.normalizers.boilerplate_remover import BoilerplateRemover
from loopline.curate.normalizers.text_normalizer import TextNormalizer

__all__ = ["BoilerplateRemover", "TextNormalizer"]
