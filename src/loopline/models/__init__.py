"""Inference backends behind one interface: local Transformers and OpenAI-compatible servers,
plus candidate generation and an OpenAI-compatible server for registered model versions."""

from loopline.models.base import Generation, ModelBackend, ModelUnavailableError, SamplingParams, as_messages

__all__ = ["Generation", "ModelBackend", "ModelUnavailableError", "SamplingParams", "as_messages"]
