"""Local inference with Transformers: any causal LM by folder or hub id, with its chat template.

Conversations are rendered with the tokenizer's chat template, left-padded and generated in
batches (`num_return_sequences=n`); log-probabilities come from the generation scores. The GPU
is used when there is one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Any

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, PreTrainedModel, PreTrainedTokenizerBase, TextIteratorStreamer

from loopline.core.errors import ValidationError
from loopline.models.base import Generation, Messages, SamplingParams


def default_device() -> str:
    return "cuda" if torch.cuda.is_available() else "cpu"


class TransformersBackend:
    """A causal LM held in this process."""

    def __init__(
        self,
        model: PreTrainedModel,
        tokenizer: PreTrainedTokenizerBase,
        *,
        name: str = "local",
        batch_size: int = 16,
    ) -> None:
        if tokenizer.chat_template is None:
            raise ValidationError("the tokenizer has no chat template; set one before generating", field="tokenizer")
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
        tokenizer.padding_side = "left"
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.name = name
        self.batch_size = batch_size

    @classmethod
    def from_pretrained(cls, path: str, *, name: str | None = None, device: str | None = None, **kw: Any) -> "TransformersBackend":
        tokenizer = AutoTokenizer.from_pretrained(path)
        model = AutoModelForCausalLM.from_pretrained(path).to(device or default_device())
        return cls(model, tokenizer, name=name or path, **kw)

    def _encode(self, conversations: Sequence[Messages]) -> dict[str, torch.Tensor]:
        texts = [
            self.tokenizer.apply_chat_template(list(c), tokenize=False, add_generation_prompt=True)
            for c in conversations
        ]
        enc = self.tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False)
        return {k: v.to(self.model.device) for k, v in enc.items()}

    def _generate_kwargs(self, sampling: SamplingParams) -> dict[str, Any]:
        sample = sampling.temperature > 0
        kw: dict[str, Any] = {
            "max_new_tokens": sampling.max_new_tokens, "do_sample": sample,
            "pad_token_id": self.tokenizer.pad_token_id, "eos_token_id": self.tokenizer.eos_token_id,
        }
        if sample:
            kw.update(temperature=sampling.temperature, top_p=sampling.top_p)
        return kw

    @torch.inference_mode()
    def generate(
        self, conversations: Sequence[Messages], sampling: SamplingParams, n: int = 1
    ) -> list[list[Generation]]:
        if sampling.seed is not None:
            torch.manual_seed(sampling.seed)
        out: list[list[Generation]] = []
        for start in range(0, len(conversations), self.batch_size):
            out.extend(self._generate_batch(conversations[start : start + self.batch_size], sampling, n))
        return out

    def _generate_batch(self, batch: Sequence[Messages], sampling: SamplingParams, n: int) -> list[list[Generation]]:
        enc = self._encode(batch)
        # Greedy decoding gives one answer; Transformers refuses n > 1 without sampling.
        k = n if sampling.temperature > 0 else 1
        result = self.model.generate(
            **enc, num_return_sequences=k, return_dict_in_generate=True,
            output_scores=sampling.logprobs, **self._generate_kwargs(sampling),
        )
        new = result.sequences[:, enc["input_ids"].shape[1] :]
        scores = None
        if sampling.logprobs:
            scores = self.model.compute_transition_scores(result.sequences, result.scores, normalize_logits=True)
        gens = [self._one(new[i], None if scores is None else scores[i]) for i in range(new.shape[0])]
        return [gens[i * k : (i + 1) * k] * (n // k) for i in range(len(batch))]

    def _one(self, ids: torch.Tensor, scores: torch.Tensor | None) -> Generation:
        ids_list = ids.tolist()
        eos, pad = self.tokenizer.eos_token_id, self.tokenizer.pad_token_id
        length, reason = len(ids_list), "length"
        for i, t in enumerate(ids_list):
            if t == eos or (t == pad and pad != eos):
                length, reason = i, "stop"
                break
        kept = ids_list[:length]
        text = self.tokenizer.decode(kept, skip_special_tokens=True).strip()
        tokens, logprobs = [], []
        if scores is not None:
            tokens = self.tokenizer.convert_ids_to_tokens(kept)
            logprobs = [float(s) for s in scores[:length].tolist()]
        return Generation(text, reason, tokens, logprobs, completion_tokens=length)

    def stream(self, messages: Messages, sampling: SamplingParams) -> Iterator[str]:
        enc = self._encode([messages])
        streamer = TextIteratorStreamer(self.tokenizer, skip_prompt=True, skip_special_tokens=True)
        kwargs = {**enc, **self._generate_kwargs(sampling), "streamer": streamer}
        if sampling.seed is not None:
            torch.manual_seed(sampling.seed)
        thread = threading.Thread(target=self._run_generate, kwargs=kwargs, daemon=True)
        thread.start()
        try:
            yield from (piece for piece in streamer if piece)
        finally:
            thread.join()

    @torch.inference_mode()
    def _run_generate(self, **kwargs: Any) -> None:
        self.model.generate(**kwargs)
