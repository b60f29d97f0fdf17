"""Tiny, randomly initialised models and a tokenizer trained on the fly, for TRL round trips.

Nothing is downloaded: the tokenizer is a byte-level BPE learned in milliseconds (so any text
tokenizes, with no unknown tokens), and the models are built from a config. They are only good
for proving that a dataset passes a trainer's own preparation and survives one training step.
"""

from __future__ import annotations

from collections.abc import Iterable

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import (
    LlamaConfig,
    LlamaForCausalLM,
    LlamaForSequenceClassification,
    PreTrainedModel,
    PreTrainedTokenizerFast,
)

SPECIAL_TOKENS = ["<pad>", "<s>", "</s>", "<|system|>", "<|user|>", "<|assistant|>", "<|tool|>"]

# No whitespace around the role markers: the prompt rendered alone (with the generation prompt)
# is then a token-exact prefix of prompt + completion, which DPO and KTO use to split the two.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|' + message['role'] + '|>' + message['content'] + '</s>' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|assistant|>' }}{% endif %}"
)

CORPUS = [
    "the quick brown fox jumps over the lazy dog",
    "a good answer is short and correct; a bad answer is long and wrong",
    "prompt response answer question explain write",
]


def tiny_tokenizer(texts: Iterable[str] = (), vocab_size: int = 320) -> PreTrainedTokenizerFast:
    """A byte-level BPE tokenizer with pad/bos/eos tokens and a simple chat template."""
    backend = Tokenizer(models.BPE())
    backend.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    backend.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    backend.train_from_iterator([*CORPUS, *texts], trainer)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=backend, pad_token="<pad>", bos_token="<s>", eos_token="</s>"
    )
    tokenizer.chat_template = CHAT_TEMPLATE
    return tokenizer


def _config(tokenizer: PreTrainedTokenizerFast, **extra: object) -> LlamaConfig:
    return LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=1,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=512,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        **extra,
    )


def tiny_causal_lm(tokenizer: PreTrainedTokenizerFast) -> LlamaForCausalLM:
    """A one-layer Llama language model sized to `tokenizer` (SFT, DPO, KTO)."""
    return LlamaForCausalLM(_config(tokenizer))


def tiny_reward_model(tokenizer: PreTrainedTokenizerFast) -> LlamaForSequenceClassification:
    """A one-layer Llama with a single-score head and a pad token, as RewardTrainer requires."""
    return LlamaForSequenceClassification(_config(tokenizer, num_labels=1))


def tiny_llama(tokenizer: PreTrainedTokenizerFast, *, classifier: bool = False) -> PreTrainedModel:
    """Either tiny model: a reward model with `classifier=True`, else a causal LM."""
    return tiny_reward_model(tokenizer) if classifier else tiny_causal_lm(tokenizer)
