"""A tiny causal LM and a tokenizer trained on the fly: real Transformers objects, no hub."""

from __future__ import annotations

from tokenizers import Tokenizer, models, pre_tokenizers, trainers

CHAT_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|> {{ m['content'] }} <eos> {% endfor %}"
    "{% if add_generation_prompt %}<|assistant|> {% endif %}"
)
CORPUS = [
    "where is my order it ships tomorrow let me compute seven times six",
    "the jacket is waterproof and comes in four sizes returns are free",
    "prompt response answer question good bad chosen rejected a b c d",
] + [f"prompt {i} response {i} answer {i} q{i} good {i} bad {i}" for i in range(50)]


def tiny_tokenizer():  # type: ignore[no-untyped-def]
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.WordLevel(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    specials = ["<unk>", "<pad>", "<bos>", "<eos>", "<|system|>", "<|user|>", "<|assistant|>"]
    tok.train_from_iterator(CORPUS, trainers.WordLevelTrainer(special_tokens=specials))
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="<unk>", pad_token="<pad>", bos_token="<bos>", eos_token="<eos>"
    )
    fast.chat_template = CHAT_TEMPLATE
    return fast


def tiny_llama(tokenizer, *, classifier: bool = False):  # type: ignore[no-untyped-def]
    from transformers import LlamaConfig, LlamaForCausalLM, LlamaForSequenceClassification

    config = LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=16, intermediate_size=32, num_hidden_layers=1,
        num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=256,
        pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id, num_labels=1,
    )
    return LlamaForSequenceClassification(config) if classifier else LlamaForCausalLM(config)
